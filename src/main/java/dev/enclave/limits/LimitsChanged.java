package dev.enclave.limits;

import dev.enclave.tenancy.TenantId;

/**
 * An operator changed a tenant's limits on this instance: what this instance caches of them is stale now (the
 * other instances refresh within {@code enclave.limits.refresh}). A CDI event, so admission can listen without
 * limits depending on it.
 */
public record LimitsChanged(TenantId tenant) {
}
