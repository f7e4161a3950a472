package dev.enclave.tenancy;

/**
 * Lifecycle of a tenant (docs/architecture.md). ACTIVE and MIGRATING tenants are served: a MIGRATING tenant's rows are
 * being moved to another database online (dev.enclave.placement.move), and it keeps working meanwhile.
 */
public enum TenantStatus {
    PROVISIONING,
    ACTIVE,
    SUSPENDED,
    MIGRATING,
    OFFBOARDING,
    PURGING,
    DELETED;

    /** The one definition of a served tenant, for both edges: HTTP requests and consumed events (and the relay). */
    public boolean served() {
        return this == ACTIVE || this == MIGRATING;
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
