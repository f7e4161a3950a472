package dev.enclave.identity;

/** A tenant's user as the control plane sees it: Keycloak's user id (the token's subject), never its password. */
public record Account(String id, String username, String email, boolean enabled) {
}
