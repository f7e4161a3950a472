package dev.enclave.events;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code data} of DocumentDeleted; {@code version} is the last one + 1, so it orders after every update. */
@RegisterForReflection // serialised by Jackson and built by a Hibernate projection, also in the native image
public record DeletedDocument(UUID id, UUID projectId, long version, long sizeBytes) {
}
