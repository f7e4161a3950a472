package dev.enclave.tenant;

/** Lifecycle of a tenant (docs/architecture.md). Only ACTIVE tenants are served; MIGRATING serves reads during a move. */
public enum TenantStatus {
    PROVISIONING,
    ACTIVE,
    SUSPENDED,
    MIGRATING,
    OFFBOARDING,
    DELETED;

    public String dbValue() {
        return name().toLowerCase();
    }

    public static TenantStatus fromDb(String value) {
        return valueOf(value.toUpperCase());
    }
}
