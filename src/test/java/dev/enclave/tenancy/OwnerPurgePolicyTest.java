package dev.enclave.tenancy;

import static dev.enclave.testing.TestDatabase.count;
import static dev.enclave.testing.TestDatabase.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The purge's own access to tenant rows (V63's owner_purge policy) opens nothing else: the owner changes a tenant's
 * rows only inside the purge functions (outside them, only as that tenant), the pool's role never gets it, and the
 * delete function refuses a tenant that is not being purged. (The owner reads every row already: V3's probe.)
 */
@QuarkusTest
class OwnerPurgePolicyTest {

    @Test
    void theOwnerChangesNoOtherTenantsRowsOutsideThePurgeFunctions() throws SQLException {
        try (Connection owner = TestDatabase.asOwnerOf("acme")) {
            owner.setAutoCommit(false);
            try {
                assertEquals(0, execute(owner, "delete from members where tenant_id = 'globex'"), "as acme: no globex row deleted");
                assertEquals(0, execute(owner, "update projects set name = 'x' where tenant_id = 'globex'"));
            } finally {
                owner.rollback();
            }
        }
    }

    @Test
    void thePurgeSettingGivesThePoolsRoleNothing() throws SQLException {
        try (Connection app = TestDatabase.asApp()) {
            count(app, "select length(set_config('app.purge_tenant', 'globex', false))");
            assertEquals(0, count(app, "select count(*) from members"), "the owner's policy does not apply to the pool's role");
            count(app, "select length(set_config('app.tenant_id', 'acme', false))");
            assertEquals(0, count(app, "select count(*) from members where tenant_id = 'globex'"));
        }
    }

    @Test
    void theOwnersCountSeesTheTenantAndTheDeleteRefusesATenantNotBeingPurged() throws SQLException {
        try (Connection app = TestDatabase.asApp()) {
            assertTrue(count(app, "select row_count from tenant_row_counts('acme') where table_name = 'members'") >= 2);
            SQLException refused = assertThrows(SQLException.class,
                    () -> count(app, "select purge_tenant_rows('acme', 'members', 10)"));
            assertTrue(refused.getMessage().contains("is not being purged"), refused.getMessage());
        }
    }
}
