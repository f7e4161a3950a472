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

    public static TenantStatus fromDb(String value) {
        return valueOf(value.toUpperCase());
    }
}
