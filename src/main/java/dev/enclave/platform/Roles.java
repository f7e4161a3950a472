package dev.enclave.platform;

/** Realm roles carried by access tokens. Tenant roles (owner, admin, ...) are membership, not token roles. */
public final class Roles {
    public static final String PLATFORM_OPERATOR = "platform-operator";

    private Roles() {
    }
}
