package dev.enclave.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.HibernateException;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** runAs gives work exactly one tenant, gives the caller's tenant back afterwards, and nothing runs without one. */
@QuarkusTest
class TenantScopeTest {

    static final TenantId ACME = new TenantId(Persona.ALICE.tenant);
    static final TenantId GLOBEX = new TenantId(Persona.BOB.tenant);

    @Inject
    TenantScope scope;
    @Inject
    TenantContext context;
    @Inject
    EntityManager entityManager;
    @Inject
    DataSource dataSource;

    /** Which tenants' members the current unit of work can see (the dev seed gives each tenant members). */
    List<String> visibleTenants() {
        return entityManager.createQuery("select distinct m.tenantId from MemberEntity m", String.class).getResultList();
    }

    /** app.tenant_id of the connection the current unit of work gets from the pool. */
    String connectionTenant() {
        try (Connection connection = dataSource.getConnection()) {
            return TestDatabase.currentTenant(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void assertIn(TenantId tenant) {
        assertEquals(tenant, context.get());
        assertEquals(tenant.value(), MDC.get(TenantMdc.KEY));
        assertEquals(List.of(tenant.value()), visibleTenants());
        assertEquals(tenant.value(), connectionTenant());
    }

    @Test
    void nestedRunAsGivesTheOuterTenantBack() {
        scope.runAs(ACME, () -> {
            assertIn(ACME);
            scope.runAs(GLOBEX, () -> assertIn(GLOBEX));
            assertIn(ACME);
            scope.runAs(ACME, () -> assertIn(ACME));
            assertIn(ACME);
        });
        assertTrue(context.current().isEmpty(), "no tenant after the outermost runAs");
    }

    @Test
    void runAsInsideARequestGivesTheRequestsTenantBack() {
        // A request as TenantRequestFilter leaves it: its own request context, bound to the token's tenant.
        ManagedContext requestContext = Arc.container().requestContext();
        InjectableContext.ContextState testContext = requestContext.isActive() ? requestContext.getState() : null;
        if (testContext != null) {
            requestContext.deactivate();
        }
        requestContext.activate();
        try {
            context.set(ACME);
            MDC.put(TenantMdc.KEY, ACME.value());
            scope.runAs(GLOBEX, () -> assertIn(GLOBEX));
            assertIn(ACME);
        } finally {
            requestContext.terminate();
            MDC.remove(TenantMdc.KEY);
            if (testContext != null) {
                requestContext.activate(testContext);
            }
        }
    }

    @Test
    void runAsInsideATransactionWorksInItsOwnTenant() {
        // A job that loops over tenants inside one transaction: each tenant's work must see only that tenant, not
        // the session and connection the first tenant opened in the enclosing transaction.
        QuarkusTransaction.requiringNew().run(() -> {
            scope.runAs(ACME, () -> assertIn(ACME));
            scope.runAs(GLOBEX, () -> assertIn(GLOBEX));
        });
        scope.runAs(ACME, () -> QuarkusTransaction.requiringNew().run(() -> {
            assertIn(ACME);
            scope.runAs(GLOBEX, () -> assertIn(GLOBEX));
            assertIn(ACME);
        }));
    }

    @Test
    void aRequestWithoutTenantGetsNoSession() {
        assertTrue(Arc.container().requestContext().isActive(), "test methods run in a request context");
        assertTrue(context.current().isEmpty());
        assertThrows(NoTenantException.class, this::visibleTenants);
        assertThrows(NoTenantException.class, () -> QuarkusTransaction.requiringNew().call(this::visibleTenants));
    }

    @Test
    void workWithoutRequestContextGetsNoSession() throws Exception {
        // A thread of its own (a consumer or scheduler thread that forgot runAs): no request context at all.
        Throwable outsideTransaction = onPlainThread(this::visibleTenants);
        assertInstanceOf(ContextNotActiveException.class, outsideTransaction);
        Throwable inTransaction = onPlainThread(() -> QuarkusTransaction.requiringNew().call(this::visibleTenants));
        assertInstanceOf(HibernateException.class, inTransaction);
        assertTrue(inTransaction.getMessage().contains("no tenant identifier"), inTransaction.getMessage());
    }

    private static Throwable onPlainThread(java.util.concurrent.Callable<?> work) throws InterruptedException {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                if (Arc.container().requestContext().isActive()) {
                    throw new AssertionError("a plain thread should have no request context");
                }
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        thread.start();
        try {
            Object rows = result.get(30, TimeUnit.SECONDS);
            throw new AssertionError("work without a tenant returned " + rows);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("work without a tenant did not finish", e);
        }
    }
}
