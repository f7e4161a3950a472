package dev.enclave.events;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code data} of MemberCreated and MemberUpdated. {@code role}: owner, admin, member or viewer. */
@RegisterForReflection // serialised and read by Jackson by reflection, also in the native image
public record MemberSnapshot(UUID id, String email, String displayName, String role) {
}
