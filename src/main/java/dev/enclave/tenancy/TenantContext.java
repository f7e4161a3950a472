package dev.enclave.tenancy;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/**
 * The tenant of the current unit of work (an HTTP request, a consumed message, a job run).
 * Filled exactly once, by {@link TenantRequestFilter} or {@link TenantScope#runAs}; everything else only reads it.
 */
@RequestScoped
public class TenantContext {

    private TenantId tenant;

    /** The tenant; throws when none was set, so a missing tenant can never become a default. */
    public TenantId get() {
        if (tenant == null) {
            throw new NoTenantException("no tenant in the current context");
        }
        return tenant;
    }

    public Optional<TenantId> current() {
        return Optional.ofNullable(tenant);
    }

    void set(TenantId tenant) {
        if (this.tenant != null && !this.tenant.equals(tenant)) {
            throw new IllegalStateException("the tenant of a unit of work cannot change");
        }
        this.tenant = tenant;
    }
}
