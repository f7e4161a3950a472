package dev.enclave.document;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.enclave.events.DeletedDocument;
import dev.enclave.events.DocumentSnapshot;
import dev.enclave.events.EventType;
import dev.enclave.events.outbox.DomainEvents;
import dev.enclave.project.ProjectDeleting;

/**
 * The document's domain events (docs/architecture.md, "Domain events"). Deleted: {id, projectId, version, sizeBytes} with version = last + 1,
 * so it orders after every update. Documents deleted along with their project are recorded here too.
 */
@ApplicationScoped
class DocumentEvents {

    private final DomainEvents events;
    private final DocumentRepository documents;

    DocumentEvents(DomainEvents events, DocumentRepository documents) {
        this.events = events;
        this.documents = documents;
    }

    void created(DocumentEntity d) {
        events.record(EventType.DOCUMENT_CREATED, d.id, d.version, snapshot(d));
    }

    void updated(DocumentEntity d) {
        events.record(EventType.DOCUMENT_UPDATED, d.id, d.version, snapshot(d));
    }

    void deleted(DocumentEntity d) {
        deleted(d.id, d.projectId, d.version, d.sizeBytes);
    }

    /** The database deletes a project's documents with it; their events are recorded here, in its transaction. */
    void projectDeleting(@Observes ProjectDeleting project) {
        documents.find("projectId = ?1 order by createdAt, id", project.projectId()).project(DeletedDocument.class).list()
                .forEach(d -> deleted(d.id(), d.projectId(), d.version(), d.sizeBytes()));
    }

    private void deleted(UUID id, UUID projectId, long lastVersion, long sizeBytes) {
        long version = lastVersion + 1;
        events.record(EventType.DOCUMENT_DELETED, id, version, new DeletedDocument(id, projectId, version, sizeBytes));
    }

    private static DocumentSnapshot snapshot(DocumentEntity d) {
        return new DocumentSnapshot(d.id, d.projectId, d.title, d.body, List.of(d.tags), DocumentStatus.fromJson(d.status).json(),
                d.version, d.sizeBytes, d.createdAt, d.updatedAt);
    }
}
