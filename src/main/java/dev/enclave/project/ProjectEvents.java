package dev.enclave.project;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.events.outbox.DomainEvents;

/** The project's domain events (docs/architecture.md, "Domain events"): snapshots {id, slug, name}; deleted {id}. */
@ApplicationScoped
class ProjectEvents {

    static final String AGGREGATE = "project";

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record ProjectSnapshot(UUID id, String slug, String name) {
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record DeletedProject(UUID id) {
    }

    private final DomainEvents events;
    private final Event<ProjectDeleting> deleting;

    ProjectEvents(DomainEvents events, Event<ProjectDeleting> deleting) {
        this.events = events;
        this.deleting = deleting;
    }

    void created(ProjectEntity p) {
        events.record(AGGREGATE, p.id, p.version, "ProjectCreated", new ProjectSnapshot(p.id, p.slug, p.name));
    }

    void updated(ProjectEntity p) {
        events.record(AGGREGATE, p.id, p.version, "ProjectUpdated", new ProjectSnapshot(p.id, p.slug, p.name));
    }

    /** Call before deleting: the project's documents are recorded as deleted first. */
    void deleted(ProjectEntity p) {
        deleting.fire(new ProjectDeleting(p.id));
        events.record(AGGREGATE, p.id, p.version + 1, "ProjectDeleted", new DeletedProject(p.id));
    }
}
