package dev.enclave.activity;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An entry of the activity feed: who changed what, when. {@code label} is the title or name at that time. */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record ActivityResponse(UUID eventId, String type, String aggregateType, UUID aggregateId, long aggregateVersion,
        String actor, String label, OffsetDateTime occurredAt) {

    static ActivityResponse of(ActivityEntity a) {
        return new ActivityResponse(a.eventId, a.type, a.aggregateType, a.aggregateId, a.aggregateVersion, a.actor,
                a.label, a.occurredAt);
    }
}
