package dev.enclave.tenancy;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.InvalidTransactionException;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import org.jboss.logging.MDC;

/**
 * Runs work for one tenant outside an HTTP request (consumers, jobs, operator actions).
 * Each call opens a fresh request context, so nothing of an enclosing unit of work (its tenant,
 * its request-scoped beans) leaks into the work, and nothing of the work leaks out.
 * An enclosing JTA transaction is suspended for the duration: its Hibernate session and its connection
 * (with {@code app.tenant_id}) belong to whichever tenant used them first, so work for another tenant inside it
 * would read and write that tenant's rows. The work starts its own transaction if it needs one.
 */
@ApplicationScoped
public class TenantScope {

    private final TenantContext context;
    private final TransactionManager transactions;

    TenantScope(TenantContext context, TransactionManager transactions) {
        this.context = context;
        this.transactions = transactions;
    }

    public <T> T runAs(TenantId tenant, Supplier<T> work) {
        Transaction outerTransaction = suspend();
        try {
            return inFreshContext(tenant, work);
        } finally {
            resume(outerTransaction);
        }
    }

    private <T> T inFreshContext(TenantId tenant, Supplier<T> work) {
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

    private Transaction suspend() {
        try {
            return transactions.suspend();
        } catch (SystemException e) {
            throw new IllegalStateException("could not suspend the enclosing transaction", e);
        }
    }

    private void resume(Transaction transaction) {
        if (transaction == null) {
            return;
        }
        try {
            transactions.resume(transaction);
        } catch (InvalidTransactionException | SystemException e) {
            throw new IllegalStateException("could not resume the enclosing transaction", e);
        }
    }

    private static void restoreMdc(Object value) {
        if (value == null) {
            MDC.remove(TenantMdc.KEY);
        } else {
            MDC.put(TenantMdc.KEY, value);
        }
    }
}
