package dev.enclave.member;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.events.DeletedMember;
import dev.enclave.events.EventType;
import dev.enclave.events.MemberSnapshot;
import dev.enclave.events.outbox.DomainEvents;

/** The member's domain events (docs/architecture.md, "Domain events"): snapshots {id, email, displayName, role}; deleted {id}. */
@ApplicationScoped
class MemberEvents {

    private final DomainEvents events;

    MemberEvents(DomainEvents events) {
        this.events = events;
    }

    void created(MemberEntity m) {
        events.record(EventType.MEMBER_CREATED, m.id, m.version, snapshot(m));
    }

    void updated(MemberEntity m) {
        events.record(EventType.MEMBER_UPDATED, m.id, m.version, snapshot(m));
    }

    void deleted(MemberEntity m) {
        events.record(EventType.MEMBER_DELETED, m.id, m.version + 1, new DeletedMember(m.id));
    }

    private static MemberSnapshot snapshot(MemberEntity m) {
        return new MemberSnapshot(m.id, m.email, m.displayName, m.role().json());
    }
}
