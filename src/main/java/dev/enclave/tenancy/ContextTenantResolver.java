package dev.enclave.tenancy;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;

/**
 * Hibernate's view of the tenant: read from {@link TenantContext}, never from the HTTP request, so consumers
 * and jobs resolve the same way. No tenant means no session (Quarkus passes no tenant without a request
 * context, and {@link TenantContext#get()} throws inside one).
 */
@ApplicationScoped
@PersistenceUnitExtension
class ContextTenantResolver implements TenantResolver {

    private final TenantContext context;

    ContextTenantResolver(TenantContext context) {
        this.context = context;
    }

    @Override
    public String getDefaultTenantId() {
        // Required by the interface; there is no default tenant, so refuse rather than invent one.
        throw new NoTenantException("Enclave has no default tenant");
    }

    @Override
    public String resolveTenantId() {
        return context.get().value();
    }
}
