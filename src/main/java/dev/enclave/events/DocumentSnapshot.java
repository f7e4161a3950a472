package dev.enclave.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code data} of DocumentCreated and DocumentUpdated. {@code status}: draft, published or archived. */
@RegisterForReflection // serialised and read by Jackson by reflection, also in the native image
public record DocumentSnapshot(UUID id, UUID projectId, String title, String body, List<String> tags, String status,
        long version, long sizeBytes, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
