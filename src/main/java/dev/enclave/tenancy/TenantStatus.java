package dev.enclave.tenancy;

/** Lifecycle of a tenant (docs/architecture.md). Only ACTIVE tenants are served; MIGRATING serves reads during a move. */
public enum TenantStatus {
    PROVISIONING,
    ACTIVE,
    SUSPENDED,
    MIGRATING,
    OFFBOARDING,
    PURGING,
    DELETED;

    /** The one definition of an active tenant, for both edges: HTTP requests and consumed events. */
    public boolean served() {
        return this == ACTIVE;
    }

    /**
     * Not served now but may be again (resumed, activated, moved back, offboarding cancelled): its events wait for it
     * instead of being refused. Purging and deleted tenants never come back.
     */
    public boolean mayBeServedAgain() {
        return this == SUSPENDED || this == PROVISIONING || this == MIGRATING || this == OFFBOARDING;
    }

    public static TenantStatus fromDb(String value) {
        return valueOf(value.toUpperCase());
    }
}
