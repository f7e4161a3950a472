package dev.enclave.document;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A document in a list: everything but the body, which can be large. */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record DocumentSummary(UUID id, UUID projectId, String title, List<String> tags, DocumentStatus status,
        long version, long sizeBytes, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static DocumentSummary of(DocumentEntity d) {
        return new DocumentSummary(d.id, d.projectId, d.title, List.of(d.tags), DocumentStatus.fromJson(d.status),
                d.version, d.sizeBytes, d.createdAt, d.updatedAt);
    }
}
