package dev.enclave.identity;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A tenant's user as the control plane sees it: Keycloak's user id (the token's subject), never its password. */
@RegisterForReflection // may reach Jackson at run time (responses, audit details)
public record Account(String id, String username, String email, boolean enabled) {
}
