package dev.enclave.search;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the index holds of a document (the tenant is added by {@link TenantSearch}, never carried here). */
record SearchDocument(UUID id, UUID projectId, String title, String body, List<String> tags, String status,
        long version, OffsetDateTime updatedAt) {
}
