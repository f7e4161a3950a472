package dev.enclave.tenancy;

import java.util.Optional;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;

/**
 * How features get the current tenant without knowing where it is kept: inject {@code Provider<TenantId>} and call
 * {@code get()} at use time. Both products are {@link Dependent}: each lookup reads the unit of work of the moment.
 * Never inject a bare {@code TenantId} into an application-scoped bean or a singleton: it would be resolved once,
 * for whichever unit of work created the bean, and then serve every tenant with it.
 */
@Singleton
class CurrentTenant {

    private final TenantContext context;

    CurrentTenant(TenantContext context) {
        this.context = context;
    }

    /** The tenant of the current unit of work; {@link NoTenantException} when there is none (fail closed). */
    @Produces
    @Dependent
    TenantId tenant() {
        return context.get();
    }

    /**
     * The tenant of the current unit of work if there is one, empty otherwise (no request context at all, or one
     * without a tenant): for the few places that serve tenant and platform work alike (audit, statistics) and for
     * filters that only act on tenant requests. Inject as {@code Provider<Optional<TenantId>>}.
     */
    @Produces
    @Dependent
    Optional<TenantId> ifAny() {
        ArcContainer container = Arc.container();
        return container != null && container.requestContext().isActive() ? context.current() : Optional.empty();
    }
}
