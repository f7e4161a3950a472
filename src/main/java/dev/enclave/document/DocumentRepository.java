package dev.enclave.document;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

import dev.enclave.platform.Cursor;

@ApplicationScoped
class DocumentRepository implements PanacheRepositoryBase<DocumentEntity, UUID> {

    /** One project's documents, oldest first, keyset-paginated on (createdAt, id), optionally by tag and status. */
    List<DocumentEntity> page(UUID projectId, String tag, DocumentStatus status, Cursor.Position after, int limit) {
        List<String> where = new ArrayList<>(List.of("projectId = :project"));
        Parameters params = Parameters.with("project", projectId);
        if (tag != null) {
            where.add("array_contains(tags, :tag)");
            params = params.and("tag", tag);
        }
        if (status != null) {
            where.add("status = :status");
            params = params.and("status", status.json());
        }
        if (after != null) {
            where.add("(createdAt > :at or (createdAt = :at and id > :id))");
            params = params.and("at", after.at().atOffset(ZoneOffset.UTC)).and("id", after.id());
        }
        return find(String.join(" and ", where) + " order by createdAt, id", params).page(0, limit).list();
    }

    /** The content bytes of a project's documents (what the storage quota counts for them). */
    long storedBytes(UUID projectId) {
        return getEntityManager().createQuery("select coalesce(sum(d.sizeBytes), 0) from DocumentEntity d where d.projectId = :project",
                Long.class).setParameter("project", projectId).getSingleResult();
    }
}
