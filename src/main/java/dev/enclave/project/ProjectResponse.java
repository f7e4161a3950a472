package dev.enclave.project;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record ProjectResponse(UUID id, String slug, String name, String description, long version,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static ProjectResponse of(ProjectEntity p) {
        return new ProjectResponse(p.id, p.slug, p.name, p.description, p.version, p.createdAt, p.updatedAt);
    }
}
