package dev.enclave.project;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import dev.enclave.events.DeletedProject;
import dev.enclave.events.EventType;
import dev.enclave.events.ProjectSnapshot;
import dev.enclave.events.outbox.DomainEvents;

/** The project's domain events (docs/architecture.md, "Domain events"): snapshots {id, slug, name}; deleted {id}. */
@ApplicationScoped
class ProjectEvents {

    private final DomainEvents events;
    private final Event<ProjectDeleting> deleting;

    ProjectEvents(DomainEvents events, Event<ProjectDeleting> deleting) {
        this.events = events;
        this.deleting = deleting;
    }

    void created(ProjectEntity p) {
        events.record(EventType.PROJECT_CREATED, p.id, p.version, new ProjectSnapshot(p.id, p.slug, p.name));
    }

    void updated(ProjectEntity p) {
        events.record(EventType.PROJECT_UPDATED, p.id, p.version, new ProjectSnapshot(p.id, p.slug, p.name));
    }

    /** Call before deleting: the project's documents are recorded as deleted first. */
    void deleted(ProjectEntity p) {
        deleting.fire(new ProjectDeleting(p.id));
        events.record(EventType.PROJECT_DELETED, p.id, p.version + 1, new DeletedProject(p.id));
    }
}
