package dev.enclave.tenancy;

import static dev.enclave.testing.TestDatabase.execute;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantRows;
import dev.enclave.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The isolation checks bite: with the documents policy dropped or loosened, or RLS disabled, they fail. Each
 * tampering happens in a transaction that is rolled back (DDL is transactional in PostgreSQL); the checks run in
 * it as the application role (SET ROLE), so no other connection ever sees the tampered schema.
 */
@QuarkusTest
class TamperedSchemaTest {

    static final String ACME = Persona.ALICE.tenant;
    static final String GLOBEX = Persona.BOB.tenant;

    @BeforeAll
    static void bothTenantsHaveDocuments() throws SQLException {
        try (Connection app = TestDatabase.asApp()) {
            TenantRows.add(app, ACME, 1);
            TenantRows.add(app, GLOBEX, 1);
        }
    }

    @AfterAll
    static void removeFixtures() throws SQLException {
        try (Connection owner = TestDatabase.asOwner()) {
            TenantRows.remove(owner, ACME);
            TenantRows.remove(owner, GLOBEX);
        }
    }

    interface Checks {
        void run(Connection app) throws SQLException;
    }

    /** Applies {@code tampering} to the schema, then runs {@code checks} as the application role; rolls back. */
    void withTampering(String tampering, Checks checks) throws SQLException {
        try (Connection superuser = TestDatabase.asSuperuser()) {
            superuser.setAutoCommit(false);
            try {
                if (!tampering.isEmpty()) {
                    execute(superuser, tampering);
                }
                execute(superuser, "set local role " + TestDatabase.APP_ROLE);
                checks.run(superuser);
            } finally {
                superuser.rollback();
            }
        }
    }

    static void onlyOwnDocuments(Connection app) throws SQLException {
        RlsChecks.onlyOwnRows(app, "documents", ACME);
        RlsChecks.onlyOwnRows(app, "documents", GLOBEX);
    }

    static void noDocumentsWithoutTenant(Connection app) throws SQLException {
        RlsChecks.nothingWithoutTenant(app, "documents");
    }

    @Test
    void untamperedTheChecksPassInThisHarness() throws SQLException {
        withTampering("", TamperedSchemaTest::onlyOwnDocuments);
        withTampering("", TamperedSchemaTest::noDocumentsWithoutTenant);
    }

    @Test
    void droppedPolicy() throws SQLException {
        // No policy for the app role: RLS denies everything, so a tenant no longer sees its own rows either.
        withTampering("drop policy tenant_isolation on documents",
                app -> assertThrows(AssertionFailedError.class, () -> onlyOwnDocuments(app)));
    }

    @Test
    void loosenedPolicy() throws SQLException {
        String tampering = "alter policy tenant_isolation on documents using (true) with check (true)";
        withTampering(tampering, app -> assertThrows(AssertionFailedError.class, () -> onlyOwnDocuments(app)));
        withTampering(tampering, app -> assertThrows(AssertionFailedError.class, () -> noDocumentsWithoutTenant(app)));
    }

    @Test
    void anExtraPermissivePolicy() throws SQLException {
        // Permissive policies are OR-ed: one more "using (true)" opens the table although tenant_isolation is intact.
        String tampering = "create policy reporting on documents for select using (true)";
        withTampering(tampering, app -> assertThrows(AssertionFailedError.class, () -> onlyOwnDocuments(app)));
        withTampering(tampering, app -> assertThrows(AssertionFailedError.class, () -> noDocumentsWithoutTenant(app)));
    }

    @Test
    void disabledRowLevelSecurity() throws SQLException {
        String tampering = "alter table documents disable row level security";
        withTampering(tampering, app -> assertThrows(AssertionFailedError.class, () -> onlyOwnDocuments(app)));
        withTampering(tampering, app -> assertThrows(AssertionFailedError.class, () -> noDocumentsWithoutTenant(app)));
    }
}
