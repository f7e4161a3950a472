package dev.enclave.document;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Reads the current tenant's documents in id order, a page at a time, for projections that are rebuilt from the
 * database (the search index). Runs in whatever tenant the caller's unit of work has; no role check, because
 * callers are the platform itself (an operator's reindex runs inside {@code TenantScope.runAs}).
 */
@ApplicationScoped
public class DocumentReader {

    private final DocumentRepository documents;

    DocumentReader(DocumentRepository documents) {
        this.documents = documents;
    }

    /** Up to {@code limit} documents with an id greater than {@code afterId} (null: from the start). */
    @Transactional
    public List<DocumentResponse> pageAfter(UUID afterId, int limit) {
        var query = afterId == null ? documents.find("order by id") : documents.find("id > ?1 order by id", afterId);
        return query.page(0, limit).list().stream().map(DocumentResponse::of).toList();
    }
}
