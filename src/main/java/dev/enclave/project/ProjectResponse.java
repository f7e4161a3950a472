package dev.enclave.project;

import java.time.OffsetDateTime;
import java.util.UUID;

public record ProjectResponse(UUID id, String slug, String name, String description, long version,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static ProjectResponse of(ProjectEntity p) {
        return new ProjectResponse(p.id, p.slug, p.name, p.description, p.version, p.createdAt, p.updatedAt);
    }
}
