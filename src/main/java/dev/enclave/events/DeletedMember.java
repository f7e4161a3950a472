package dev.enclave.events;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code data} of MemberDeleted. */
@RegisterForReflection // serialised and read by Jackson by reflection, also in the native image
public record DeletedMember(UUID id) {
}
