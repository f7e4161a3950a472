package dev.enclave.offboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.enclave.placement.DedicatedDatabases;
import dev.enclave.placement.DedicatedPlacementProfile;
import dev.enclave.placement.PlacementDirectory;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.TestDatabase;

/**
 * A tenant whose rows live in a dedicated database is purged there: that database's purge function checks its own copy
 * of the registry row, which must say purging too (else it refuses, and the purge would never end).
 */
@QuarkusTest
@TestProfile(DedicatedPlacementProfile.class)
class DedicatedPurgeTest {

    @Inject
    TenantRows rows;

    @Inject
    PlacementDirectory directory;

    @BeforeEach
    void dedicatedPlacementServing() {
        DedicatedDatabases.placeAcme();
    }

    @Test
    void theRowsOfATenantInADedicatedDatabaseArePurgedThere() throws Exception {
        String id = "purgee-" + UUID.randomUUID().toString().substring(0, 8);
        TenantId tenant = new TenantId(id);
        shared("select register_tenant('" + id + "', 'Purgee', 'free', 'local', 'shared')");
        assertTrue(directory.switchTo(tenant, DedicatedDatabases.ACME_PLACEMENT));
        DedicatedDatabases.owner("d1", "select set_config('app.tenant_id', '" + id + "', true)", """
                insert into members (tenant_id, id, subject, email, display_name, role)
                values ('%s', gen_random_uuid(), 'sub-%s', 'p@purgee.test', 'P', 'owner')""".formatted(id, id));
        shared("select * from change_tenant_status('" + id + "', array['provisioning'], 'purging', 'test', null)");
        directory.forget(tenant);
        try {
            // the dedicated database's copy still says provisioning: its purge function refuses
            assertThrows(IllegalStateException.class, () -> rows.deleteBatch(tenant, "members", 100));

            rows.prepare(tenant);
            assertEquals(1L, rows.counts(tenant).get("members"));
            assertEquals(1L, rows.deleteBatch(tenant, "members", 100));
            assertEquals(0L, DedicatedDatabases.count("d1", id, "select count(*) from members where tenant_id = ?", id));
        } finally {
            // deleted, as a purge ends: the other tests of this service count the placement's (live) tenants
            shared("select * from change_tenant_status('" + id + "', array['purging'], 'deleted', 'test', null)");
        }
    }

    private static void shared(String sql) throws Exception {
        try (Connection owner = TestDatabase.asOwner(); Statement statement = owner.createStatement()) {
            statement.execute(sql);
        }
    }
}
