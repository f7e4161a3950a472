package dev.enclave.tenancy;

import static dev.enclave.testing.TestDatabase.count;
import static dev.enclave.testing.TestDatabase.execute;
import static dev.enclave.testing.TestDatabase.setTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantRows;
import dev.enclave.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The database alone keeps tenants apart: plain JDBC as the application role, no Hibernate, no pool interceptor.
 * Every table with a tenant_id column (read from pg_catalog, so new tables are covered without editing this) holds
 * rows of both tenants during these tests.
 */
@QuarkusTest
class RowLevelSecurityTest {

    static final String ACME = Persona.ALICE.tenant;
    static final String GLOBEX = Persona.BOB.tenant;

    @BeforeAll
    static void bothTenantsHaveRowsEverywhere() throws SQLException {
        try (Connection app = TestDatabase.asApp()) {
            TenantRows.add(app, ACME, 2);
            TenantRows.add(app, GLOBEX, 2);
        }
    }

    @AfterAll
    static void removeRows() throws SQLException {
        try (Connection owner = TestDatabase.asOwner()) {
            TenantRows.remove(owner, ACME);
            TenantRows.remove(owner, GLOBEX);
        }
    }

    static List<String> tenantTables() throws SQLException {
        try (Connection app = TestDatabase.asApp()) {
            List<String> tables = TestDatabase.tenantTables(app);
            List<String> uncovered = new ArrayList<>(tables);
            uncovered.removeAll(TenantRows.tables());
            assertTrue(uncovered.isEmpty(), "tenant tables without fixture rows (add them to TenantRows): " + uncovered);
            assertTrue(tables.containsAll(List.of("members", "projects", "documents", "tenant_settings")), tables::toString);
            return tables;
        }
    }

    @Test
    void withoutATenantEveryTenantTableIsEmpty() throws SQLException {
        for (String table : tenantTables()) {
            try (Connection app = TestDatabase.asApp()) {
                setTenant(app, ACME, false);
                assertTrue(count(app, "select count(*) from " + table) > 0, table + ": acme has rows");
                setTenant(app, GLOBEX, false);
                assertTrue(count(app, "select count(*) from " + table) > 0, table + ": globex has rows");
            }
            try (Connection app = TestDatabase.asApp()) {
                assertEquals(0, count(app, "select count(*) from " + table), table + ": app.tenant_id never set");
                RlsChecks.nothingWithoutTenant(app, table);
            }
        }
    }

    @Test
    void aTenantSeesOnlyItsOwnRows() throws SQLException {
        for (String table : tenantTables()) {
            try (Connection app = TestDatabase.asApp()) {
                RlsChecks.onlyOwnRows(app, table, ACME);
                RlsChecks.onlyOwnRows(app, table, GLOBEX);
            }
        }
    }

    @Test
    void insertingARowForAnotherTenantIsRefused() throws SQLException {
        for (String table : tenantTables()) {
            try (Connection app = TestDatabase.asApp()) {
                setTenant(app, ACME, false);
                // A copy of one of acme's own rows, relabelled: only the tenant differs from a valid insert.
                execute(app, "create temp table relabelled as select * from " + table + " limit 1");
                execute(app, "update relabelled set tenant_id = '" + GLOBEX + "'");
                SQLException refused = assertThrows(SQLException.class,
                        () -> execute(app, "insert into " + table + " overriding system value select * from relabelled"), table);
                assertEquals("42501", refused.getSQLState(), table + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void movingAnOwnRowToAnotherTenantIsRefused() throws SQLException {
        for (String table : tenantTables()) {
            try (Connection app = TestDatabase.asApp()) {
                setTenant(app, ACME, false);
                SQLException refused = assertThrows(SQLException.class, () -> execute(app,
                        "update " + table + " set tenant_id = '" + GLOBEX + "' where ctid = (select ctid from " + table + " limit 1)"),
                        table);
                assertEquals("42501", refused.getSQLState(), table + ": " + refused.getMessage());
                // Derived tables the role may not update at all refuse by grant; the others by the policy.
                String reason = granted(app, table, "UPDATE") ? "row-level security" : "permission denied";
                assertTrue(refused.getMessage().contains(reason), table + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void updateAndDeleteWithoutWhereTouchOnlyTheTenantsRows() throws SQLException {
        for (String table : tenantTables()) {
            try (Connection app = TestDatabase.asApp()) {
                app.setAutoCommit(false);
                try {
                    setTenant(app, GLOBEX, true);
                    long globexRows = count(app, "select count(*) from " + table);
                    assertFalse(globexRows == 0, table + ": globex has rows");
                    setTenant(app, ACME, true);
                    long acmeRows = count(app, "select count(*) from " + table);

                    if (granted(app, table, "UPDATE")) {
                        assertEquals(acmeRows, execute(app, "update " + table + " set tenant_id = tenant_id"), table + ": update");
                    }
                    if (granted(app, table, "DELETE")) {
                        assertEquals(acmeRows, execute(app, "delete from " + table), table + ": delete");
                        assertEquals(0, count(app, "select count(*) from " + table), table);
                    }

                    setTenant(app, GLOBEX, true);
                    assertEquals(globexRows, count(app, "select count(*) from " + table), table + ": globex's rows survive");
                } finally {
                    app.rollback();
                }
            }
        }
    }

    static boolean granted(Connection app, String table, String privilege) throws SQLException {
        return count(app, "select count(*) where has_table_privilege(current_user, '" + table + "', '" + privilege + "')") == 1;
    }
}
