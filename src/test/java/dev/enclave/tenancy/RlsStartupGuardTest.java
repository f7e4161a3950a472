package dev.enclave.tenancy;

import static dev.enclave.testing.TestDatabase.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The startup guard's check against real catalogs, on scratch roles and tables that exist only inside a
 * transaction that is rolled back (role and table DDL are transactional in PostgreSQL), so nothing is left behind.
 * A superuser connection creates them, then SET ROLE makes the check run as the role under test.
 */
@QuarkusTest
class RlsStartupGuardTest {

    final String scratch = "guard_scratch_" + UUID.randomUUID().toString().substring(0, 8);

    interface Setup {
        void run(Connection superuser) throws SQLException;
    }

    /** Runs the guard after {@code setup}, inside a transaction that is always rolled back. */
    String refusal(Setup setup) throws SQLException {
        try (Connection superuser = TestDatabase.asSuperuser()) {
            superuser.setAutoCommit(false);
            try {
                setup.run(superuser);
                return assertThrows(IllegalStateException.class, () -> RlsStartupGuard.verify(superuser)).getMessage();
            } finally {
                superuser.rollback();
            }
        }
    }

    /** A tenant table created by the owner (as Flyway would), shaped by {@code ddl}, checked as the app role. */
    Setup scratchTable(String... ddl) {
        return superuser -> {
            execute(superuser, "set local role " + TestDatabase.OWNER_ROLE);
            execute(superuser, "create table " + scratch + " (tenant_id text not null references tenants (id), id uuid not null)");
            for (String statement : ddl) {
                execute(superuser, statement.formatted(scratch));
            }
            execute(superuser, "grant select on " + scratch + " to " + TestDatabase.APP_ROLE);
            execute(superuser, "set local role " + TestDatabase.APP_ROLE);
        };
    }

    @Test
    void theApplicationRolePassesOnTheMigratedSchema() throws SQLException {
        try (Connection app = TestDatabase.asApp()) {
            assertTrue(RlsStartupGuard.verify(app) >= 4);
        }
    }

    @Test
    void aScratchTableShapedLikeV2Passes() throws SQLException {
        try (Connection superuser = TestDatabase.asSuperuser()) {
            superuser.setAutoCommit(false);
            try {
                scratchTable("alter table %s enable row level security", "alter table %s force row level security",
                        "create policy tenant_isolation on %s using (tenant_id = current_setting('app.tenant_id', true))")
                        .run(superuser);
                assertEquals(TestDatabase.APP_ROLE, TestDatabase.strings(superuser, "select current_user").get(0));
                RlsStartupGuard.verify(superuser);
            } finally {
                superuser.rollback();
            }
        }
    }

    @Test
    void aSuperuserIsRefused() throws SQLException {
        String message = refusal(superuser -> {
            execute(superuser, "create role " + scratch + " superuser");
            execute(superuser, "set local role " + scratch);
        });
        assertTrue(message.contains("the application role is a superuser"), message);
    }

    @Test
    void bypassRlsIsRefused() throws SQLException {
        String message = refusal(superuser -> {
            execute(superuser, "create role " + scratch + " bypassrls");
            execute(superuser, "set local role " + scratch);
        });
        assertTrue(message.contains("the application role has BYPASSRLS"), message);
        assertFalse(message.contains("superuser"), message);
    }

    @Test
    void theTablesOwnerIsRefused() throws SQLException {
        String message = refusal(superuser -> execute(superuser, "set local role " + TestDatabase.OWNER_ROLE));
        assertTrue(message.contains("documents: owned by the application role or a role it belongs to"), message);
    }

    @Test
    void aMemberOfTheOwnerIsRefused() throws SQLException {
        String message = refusal(superuser -> {
            execute(superuser, "create role " + scratch);
            execute(superuser, "grant " + TestDatabase.OWNER_ROLE + " to " + scratch);
            execute(superuser, "set local role " + scratch);
        });
        assertTrue(message.contains("members: owned by the application role or a role it belongs to"), message);
    }

    @Test
    void aTenantTableWithoutRowLevelSecurityIsRefused() throws SQLException {
        String message = refusal(scratchTable());
        assertTrue(message.contains(scratch + ": row level security is not enabled"), message);
        assertTrue(message.contains(scratch + ": row level security is not forced"), message);
        assertTrue(message.contains(scratch + ": has no tenant isolation policy"), message);
        assertFalse(message.contains("documents"), message);
    }

    @Test
    void enabledButNotForcedIsRefused() throws SQLException {
        String message = refusal(scratchTable("alter table %s enable row level security",
                "create policy tenant_isolation on %s using (tenant_id = current_setting('app.tenant_id', true))"));
        assertTrue(message.contains(scratch + ": row level security is not forced"), message);
        assertFalse(message.contains("not enabled"), message);
    }

    @Test
    void forcedButEnabledOffIsRefused() throws SQLException {
        String message = refusal(scratchTable("alter table %s force row level security",
                "create policy tenant_isolation on %s using (tenant_id = current_setting('app.tenant_id', true))"));
        assertTrue(message.contains(scratch + ": row level security is not enabled"), message);
        assertFalse(message.contains("not forced"), message);
    }

    @Test
    void forcedWithoutPolicyIsRefused() throws SQLException {
        String message = refusal(scratchTable("alter table %s enable row level security", "alter table %s force row level security"));
        assertTrue(message.contains(scratch + ": has no tenant isolation policy"), message);
        assertFalse(message.contains("not enabled") || message.contains("not forced"), message);
    }

    @Test
    void aMigratedTableThatLosesForcedRlsIsRefused() throws SQLException {
        String message = refusal(superuser -> {
            execute(superuser, "alter table documents no force row level security");
            execute(superuser, "set local role " + TestDatabase.APP_ROLE);
        });
        assertEquals("Refusing to start, tenant isolation is not guaranteed: documents: row level security is not forced", message);
    }

    @Test
    void anExtraPermissivePolicyForTheApplicationRoleIsRefused() throws SQLException {
        String message = refusal(superuser -> {
            execute(superuser, "create policy peek on documents for select to " + TestDatabase.APP_ROLE + " using (true)");
            execute(superuser, "set local role " + TestDatabase.APP_ROLE);
        });
        assertEquals("Refusing to start, tenant isolation is not guaranteed: documents: policy peek (using true) is looser"
                + " than the tenant isolation policy", message);
    }

    @Test
    void aLoosenedIsolationPolicyIsRefused() throws SQLException {
        String message = refusal(superuser -> {
            execute(superuser, "alter policy tenant_isolation on projects using (tenant_id is not null)");
            execute(superuser, "set local role " + TestDatabase.APP_ROLE);
        });
        assertTrue(message.contains("projects: has no tenant isolation policy"), message);
        assertTrue(message.contains("projects: policy tenant_isolation (using (tenant_id IS NOT NULL)"), message);
    }

    @Test
    void aLoosenedWriteCheckIsRefused() throws SQLException {
        String message = refusal(superuser -> {
            execute(superuser, "alter policy tenant_isolation on members with check (true)");
            execute(superuser, "set local role " + TestDatabase.APP_ROLE);
        });
        assertTrue(message.contains("members: policy tenant_isolation (using " + RlsStartupGuard.ISOLATION
                + " / with check true) is looser"), message);
    }

    @Test
    void aPolicyForAnotherRoleDoesNotLoosenTheApplicationRole() throws SQLException {
        try (Connection superuser = TestDatabase.asSuperuser()) {
            superuser.setAutoCommit(false);
            try {
                // Like V3's owner_probe: the owner may read everything, the application role is not the owner.
                scratchTable("alter table %s enable row level security", "alter table %s force row level security",
                        "create policy tenant_isolation on %s using (tenant_id = current_setting('app.tenant_id', true))",
                        "create policy owner_reads on %s for select to " + TestDatabase.OWNER_ROLE + " using (true)")
                        .run(superuser);
                assertTrue(RlsStartupGuard.verify(superuser) > 4);
            } finally {
                superuser.rollback();
            }
        }
    }
}
