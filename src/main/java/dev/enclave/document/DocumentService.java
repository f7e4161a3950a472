package dev.enclave.document;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import dev.enclave.audit.AccessDenials;
import dev.enclave.document.DocumentRequests.CreateDocumentRequest;
import dev.enclave.document.DocumentRequests.PatchDocumentRequest;
import dev.enclave.document.DocumentRequests.ReplaceDocumentRequest;
import dev.enclave.events.Aggregate;
import dev.enclave.limits.quota.StorageQuota;
import dev.enclave.member.CurrentMember;
import dev.enclave.member.MemberRole;
import dev.enclave.placement.move.FollowsMove;
import dev.enclave.platform.Cursor;
import dev.enclave.platform.ETags;
import dev.enclave.platform.PageResponse;
import dev.enclave.platform.Timestamps;
import dev.enclave.project.ProjectDeleting;
import dev.enclave.project.ProjectService;

@ApplicationScoped
@Transactional
@FollowsMove
public class DocumentService {

    static final String KIND = Aggregate.DOCUMENT.wireName();

    private final DocumentRepository documents;
    private final ProjectService projects;
    private final CurrentMember member;
    private final AccessDenials denials;
    private final DocumentEvents events;
    private final StorageQuota storage;

    DocumentService(DocumentRepository documents, ProjectService projects, CurrentMember member, AccessDenials denials,
            DocumentEvents events, StorageQuota storage) {
        this.documents = documents;
        this.projects = projects;
        this.member = member;
        this.denials = denials;
        this.events = events;
        this.storage = storage;
    }

    PageResponse<DocumentSummary> list(UUID projectId, String tag, DocumentStatus status, Cursor.Position after, int limit) {
        projects.requireExists(projectId, "list-documents");
        var rows = documents.page(projectId, tag, status, after, limit + 1).stream().map(DocumentSummary::of).toList();
        return PageResponse.of(rows, limit, d -> Cursor.encode(new Cursor.Position(d.createdAt().toInstant(), d.id())));
    }

    /** Public for features that work on a document's content (AI assist): same checks as a read. */
    public DocumentResponse get(UUID id) {
        return DocumentResponse.of(load(id, "read"));
    }

    DocumentResponse create(UUID projectId, CreateDocumentRequest request) {
        member.require(MemberRole::writes, "create documents");
        projects.requireExists(projectId, "create-document");
        DocumentEntity document = new DocumentEntity();
        document.id = UUID.randomUUID();
        document.projectId = projectId;
        document.title = request.title();
        document.body = request.body() == null ? "" : request.body();
        document.tags = tags(request.tags());
        document.status = (request.status() == null ? DocumentStatus.DRAFT : request.status()).json();
        document.createdBy = member.get().subject();
        document.createdAt = Timestamps.now();
        document.updatedAt = document.createdAt;
        document.measure();
        documents.persistAndFlush(document);
        storage.charge(document.sizeBytes); // after the flush: 403 quota-exceeded rolls the insert back
        events.created(document);
        return DocumentResponse.of(document);
    }

    DocumentResponse replace(UUID id, long expectedVersion, ReplaceDocumentRequest request) {
        member.require(MemberRole::writes, "change documents");
        DocumentEntity document = load(id, "replace");
        ETags.check(expectedVersion, document.version);
        long sizeBefore = document.sizeBytes;
        document.title = request.title();
        document.body = request.body();
        document.tags = tags(request.tags());
        document.status = request.status().json();
        return save(document, sizeBefore);
    }

    DocumentResponse patch(UUID id, long expectedVersion, PatchDocumentRequest request) {
        member.require(MemberRole::writes, "change documents");
        DocumentEntity document = load(id, "update");
        ETags.check(expectedVersion, document.version);
        long sizeBefore = document.sizeBytes;
        if (request.title() != null) {
            document.title = request.title();
        }
        if (request.body() != null) {
            document.body = request.body();
        }
        if (request.tags() != null) {
            document.tags = tags(request.tags());
        }
        if (request.status() != null) {
            document.status = request.status().json();
        }
        return save(document, sizeBefore);
    }

    void delete(UUID id, Long expectedVersion) {
        member.require(MemberRole::writes, "delete documents");
        DocumentEntity document = load(id, "delete");
        if (expectedVersion != null) {
            ETags.check(expectedVersion, document.version);
        }
        documents.delete(document);
        documents.flush();
        storage.charge(-document.sizeBytes); // gives the space back
        events.deleted(document);
    }

    /** The database deletes a project's documents with it (in this transaction): their bytes go back to the quota. */
    void projectDeleting(@Observes ProjectDeleting project) {
        storage.charge(-documents.storedBytes(project.projectId()));
    }

    private DocumentResponse save(DocumentEntity document, long sizeBefore) {
        document.updatedAt = Timestamps.now();
        document.measure();
        documents.flush();
        storage.charge(document.sizeBytes - sizeBefore); // growth needs room in the quota; shrinking gives space back
        events.updated(document);
        return DocumentResponse.of(document);
    }

    private DocumentEntity load(UUID id, String action) {
        return documents.findByIdOptional(id).orElseThrow(() -> denials.notFound(KIND, id, action));
    }

    /** Tags are a set: duplicates collapse, order of first appearance is kept. */
    private static String[] tags(List<String> tags) {
        return tags == null ? new String[0] : tags.stream().distinct().toArray(String[]::new);
    }

}
