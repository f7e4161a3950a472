package dev.enclave.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantRows;
import dev.enclave.testing.TestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A pool of exactly one connection, handed to acme, globex and "no tenant" in turn: each sees only its own rows,
 * in a transaction (transaction-local app.tenant_id) and in autocommit (session-level, reset on return), and the
 * connection taken without a tenant afterwards carries none.
 */
@QuarkusTest
@TestProfile(PooledConnectionTest.OneConnection.class)
class PooledConnectionTest {

    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "1",
                    "quarkus.datasource.jdbc.min-size", "0",
                    // A unit of work that needed a second connection would wait for ever; fail fast instead.
                    "quarkus.datasource.jdbc.acquisition-timeout", "5S");
        }
    }

    static final TenantId ACME = new TenantId(Persona.ALICE.tenant);
    static final TenantId GLOBEX = new TenantId(Persona.BOB.tenant);
    static final int ROUNDS = 200;

    @Inject
    TenantScope scope;
    @Inject
    EntityManager entityManager;
    @Inject
    DataSource dataSource;

    final Set<Integer> backends = new HashSet<>();

    @BeforeAll
    static void bothTenantsHaveDocuments() throws SQLException {
        try (Connection app = TestDatabase.asApp()) {
            TenantRows.add(app, ACME.value(), 1);
            TenantRows.add(app, GLOBEX.value(), 1);
        }
    }

    @AfterAll
    static void removeFixtures() throws SQLException {
        try (Connection owner = TestDatabase.asOwner()) {
            TenantRows.remove(owner, ACME.value());
            TenantRows.remove(owner, GLOBEX.value());
        }
    }

    /** What the pooled connection shows right now. */
    record Seen(String setting, List<String> documentTenants) {
    }

    Seen overJdbc() {
        try (Connection connection = dataSource.getConnection()) {
            backends.add((int) TestDatabase.count(connection, "select pg_backend_pid()"));
            return new Seen(TestDatabase.currentTenant(connection),
                    TestDatabase.strings(connection, "select distinct tenant_id from documents"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> overHibernate() {
        return entityManager.createQuery("select distinct d.tenantId from DocumentEntity d", String.class).getResultList();
    }

    void assertOnly(TenantId tenant, String path) {
        List<String> own = List.of(tenant.value());
        assertEquals(own, overHibernate(), path + " (Hibernate) as " + tenant);
        assertEquals(new Seen(tenant.value(), own), overJdbc(), path + " (JDBC) as " + tenant);
    }

    @Test
    void oneConnectionNeverCarriesATenantOver() {
        for (int round = 0; round < ROUNDS; round++) {
            TenantId tenant = round % 2 == 0 ? ACME : GLOBEX;
            scope.runAs(tenant, () -> QuarkusTransaction.requiringNew().run(() -> assertOnly(tenant, "in a transaction")));
            scope.runAs(tenant, () -> assertOnly(tenant, "in autocommit"));

            // The test method's own request context has no tenant: the same connection, taken without one.
            Seen untenanted = overJdbc();
            assertTrue(untenanted.setting() == null || untenanted.setting().isEmpty(),
                    "round " + round + ": the connection still carries " + untenanted.setting());
            assertEquals(List.of(), untenanted.documentTenants(), "round " + round);
        }
        assertEquals(1, backends.size(), "every round used the same physical connection: " + backends);
    }
}
