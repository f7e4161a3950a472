package dev.enclave.events;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code data} of ProjectCreated and ProjectUpdated. */
@RegisterForReflection // serialised and read by Jackson by reflection, also in the native image
public record ProjectSnapshot(UUID id, String slug, String name) {
}
