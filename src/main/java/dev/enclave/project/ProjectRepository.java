package dev.enclave.project;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

import dev.enclave.platform.Cursor;

@ApplicationScoped
class ProjectRepository implements PanacheRepositoryBase<ProjectEntity, UUID> {

    Optional<ProjectEntity> bySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    /** Oldest first, keyset-paginated on (createdAt, id). */
    List<ProjectEntity> page(Cursor.Position after, int limit) {
        if (after == null) {
            return find("order by createdAt, id").page(0, limit).list();
        }
        return find("createdAt > :at or (createdAt = :at and id > :id) order by createdAt, id",
                Parameters.with("at", after.at().atOffset(java.time.ZoneOffset.UTC)).and("id", after.id()))
                .page(0, limit).list();
    }
}
