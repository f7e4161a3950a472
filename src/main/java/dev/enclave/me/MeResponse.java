package dev.enclave.me;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Who the caller is, as the verified access token says. */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record MeResponse(String subject, String username, String tenant, List<String> roles) {
}
