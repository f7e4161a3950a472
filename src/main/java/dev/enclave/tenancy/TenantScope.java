package dev.enclave.tenancy;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import org.jboss.logging.MDC;

/**
 * Runs work for one tenant outside an HTTP request (consumers, jobs, operator actions).
 * Each call opens a fresh request context, so nothing of an enclosing unit of work (its tenant,
 * its request-scoped beans) leaks into the work, and nothing of the work leaks out.
 */
@ApplicationScoped
public class TenantScope {

    private final TenantContext context;

    TenantScope(TenantContext context) {
        this.context = context;
    }

    public <T> T runAs(TenantId tenant, Supplier<T> work) {
        ManagedContext requestContext = Arc.container().requestContext();
        InjectableContext.ContextState outer = requestContext.isActive() ? requestContext.getState() : null;
        if (outer != null) {
            requestContext.deactivate();
        }
        Object outerMdc = MDC.get(TenantMdc.KEY);
        requestContext.activate();
        try {
            context.set(tenant);
            MDC.put(TenantMdc.KEY, tenant.value());
            return work.get();
        } finally {
            requestContext.terminate();
            restoreMdc(outerMdc);
            if (outer != null) {
                requestContext.activate(outer);
            }
        }
    }

    public void runAs(TenantId tenant, Runnable work) {
        runAs(tenant, () -> {
            work.run();
            return null;
        });
    }

    private static void restoreMdc(Object value) {
        if (value == null) {
            MDC.remove(TenantMdc.KEY);
        } else {
            MDC.put(TenantMdc.KEY, value);
        }
    }
}
