package dev.enclave.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantRows;
import dev.enclave.testing.TestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bulk statements as the application runs them, whose WHERE clause matches both tenants' rows: run as acme, they
 * change acme's rows only. HQL gets Hibernate's tenant predicate and RLS; native SQL and plain JDBC on the pool's
 * connection get RLS alone (set by the pool interceptor, in a transaction and in autocommit).
 */
@QuarkusTest
class BulkStatementIsolationTest {

    static final TenantId ACME = new TenantId(Persona.ALICE.tenant);
    static final TenantId GLOBEX = new TenantId(Persona.BOB.tenant);
    static final int ROWS = 3;

    @Inject
    TenantScope scope;
    @Inject
    EntityManager entityManager;
    @Inject
    DataSource dataSource;

    final String stamp = "stamp-" + UUID.randomUUID();

    @BeforeEach
    void bothTenantsHaveFixtureDocuments() throws SQLException {
        try (Connection app = TestDatabase.asApp()) {
            TenantRows.add(app, ACME.value(), ROWS);
            TenantRows.add(app, GLOBEX.value(), ROWS);
        }
    }

    @AfterEach
    void removeFixtures() throws SQLException {
        try (Connection owner = TestDatabase.asOwner()) {
            TenantRows.remove(owner, ACME.value());
            TenantRows.remove(owner, GLOBEX.value());
        }
    }

    long fixtures(TenantId tenant) {
        return scope.runAs(tenant, () -> QuarkusTransaction.requiringNew().call(() -> entityManager
                .createQuery("select count(d) from DocumentEntity d where d.title = :marker", Long.class)
                .setParameter("marker", TenantRows.MARKER).getSingleResult()));
    }

    long stamped(TenantId tenant) {
        return scope.runAs(tenant, () -> QuarkusTransaction.requiringNew().call(() -> entityManager
                .createQuery("select count(d) from DocumentEntity d where d.body = :stamp", Long.class)
                .setParameter("stamp", stamp).getSingleResult()));
    }

    @Test
    void hqlBulkUpdate() {
        assertEquals(ROWS, fixtures(GLOBEX));
        int updated = scope.runAs(ACME, () -> QuarkusTransaction.requiringNew().call(() -> entityManager
                .createQuery("update DocumentEntity d set d.body = :stamp where d.title = :marker")
                .setParameter("stamp", stamp).setParameter("marker", TenantRows.MARKER).executeUpdate()));
        assertEquals(ROWS, updated);
        assertEquals(ROWS, stamped(ACME));
        assertEquals(0, stamped(GLOBEX));
        assertEquals(ROWS, fixtures(GLOBEX));
    }

    @Test
    void hqlBulkDelete() {
        assertEquals(ROWS, fixtures(GLOBEX));
        int deleted = scope.runAs(ACME, () -> QuarkusTransaction.requiringNew().call(() -> entityManager
                .createQuery("delete from DocumentEntity d where d.title = :marker")
                .setParameter("marker", TenantRows.MARKER).executeUpdate()));
        assertEquals(ROWS, deleted);
        assertEquals(0, fixtures(ACME));
        assertEquals(ROWS, fixtures(GLOBEX));
    }

    @Test
    void nativeBulkUpdateInATransaction() {
        int updated = scope.runAs(ACME, () -> QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("update documents set body = :stamp where title = :marker")
                .setParameter("stamp", stamp).setParameter("marker", TenantRows.MARKER).executeUpdate()));
        assertEquals(ROWS, updated);
        assertEquals(0, stamped(GLOBEX));
        assertEquals(ROWS, stamped(ACME));
    }

    @Test
    void jdbcBulkUpdateAndDeleteInAutocommit() {
        int updated = scope.runAs(ACME, () -> jdbcUpdate("update documents set body = ? where title = ?", stamp, TenantRows.MARKER));
        assertEquals(ROWS, updated);
        assertEquals(0, stamped(GLOBEX));
        int deleted = scope.runAs(ACME, () -> jdbcUpdate("delete from documents where title = ?", TenantRows.MARKER));
        assertEquals(ROWS, deleted);
        assertEquals(ROWS, fixtures(GLOBEX));
    }

    /** Outside any transaction: the pool's autocommit path (session-level app.tenant_id, reset on return). */
    private int jdbcUpdate(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
