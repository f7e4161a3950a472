package dev.enclave.document;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record DocumentResponse(UUID id, UUID projectId, String title, String body, List<String> tags,
        DocumentStatus status, long version, long sizeBytes, String createdBy, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static DocumentResponse of(DocumentEntity d) {
        return new DocumentResponse(d.id, d.projectId, d.title, d.body, List.of(d.tags), DocumentStatus.fromJson(d.status),
                d.version, d.sizeBytes, d.createdBy, d.createdAt, d.updatedAt);
    }
}
