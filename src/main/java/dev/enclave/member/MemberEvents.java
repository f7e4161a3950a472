package dev.enclave.member;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.events.outbox.DomainEvents;

/** The member's domain events (docs/architecture.md, "Domain events"): snapshots {id, email, displayName, role}; deleted {id}. */
@ApplicationScoped
class MemberEvents {

    static final String AGGREGATE = "member";

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record MemberSnapshot(UUID id, String email, String displayName, MemberRole role) {
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record DeletedMember(UUID id) {
    }

    private final DomainEvents events;

    MemberEvents(DomainEvents events) {
        this.events = events;
    }

    void created(MemberEntity m) {
        events.record(AGGREGATE, m.id, m.version, "MemberCreated", snapshot(m));
    }

    void updated(MemberEntity m) {
        events.record(AGGREGATE, m.id, m.version, "MemberUpdated", snapshot(m));
    }

    void deleted(MemberEntity m) {
        events.record(AGGREGATE, m.id, m.version + 1, "MemberDeleted", new DeletedMember(m.id));
    }

    private static MemberSnapshot snapshot(MemberEntity m) {
        return new MemberSnapshot(m.id, m.email, m.displayName, m.role());
    }
}
