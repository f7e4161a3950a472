package dev.enclave.document;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.events.outbox.DomainEvents;
import dev.enclave.project.ProjectDeleting;

/**
 * The document's domain events (docs/architecture.md, "Domain events"). Deleted: {id, projectId, version, sizeBytes} with version = last + 1,
 * so it orders after every update. Documents deleted along with their project are recorded here too.
 */
@ApplicationScoped
class DocumentEvents {

    static final String AGGREGATE = "document";

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record DocumentSnapshot(UUID id, UUID projectId, String title, String body, List<String> tags, DocumentStatus status,
            long version, long sizeBytes, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    @RegisterForReflection // serialised by Jackson and built by a Hibernate projection, also in the native image
    record DeletedDocument(UUID id, UUID projectId, long version, long sizeBytes) {
    }

    private final DomainEvents events;
    private final DocumentRepository documents;

    DocumentEvents(DomainEvents events, DocumentRepository documents) {
        this.events = events;
        this.documents = documents;
    }

    void created(DocumentEntity d) {
        events.record(AGGREGATE, d.id, d.version, "DocumentCreated", snapshot(d));
    }

    void updated(DocumentEntity d) {
        events.record(AGGREGATE, d.id, d.version, "DocumentUpdated", snapshot(d));
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
        events.record(AGGREGATE, id, version, "DocumentDeleted", new DeletedDocument(id, projectId, version, sizeBytes));
    }

    private static DocumentSnapshot snapshot(DocumentEntity d) {
        return new DocumentSnapshot(d.id, d.projectId, d.title, d.body, List.of(d.tags), DocumentStatus.fromJson(d.status),
                d.version, d.sizeBytes, d.createdAt, d.updatedAt);
    }
}
