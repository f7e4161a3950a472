package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.quarkus.arc.Arc;

import dev.enclave.placement.DedicatedDatabases;
import dev.enclave.placement.PlacementCatalog;
import dev.enclave.placement.PlacementMigrations;
import dev.enclave.placement.PlacementStatus;
import dev.enclave.testing.TestDatabase;

/**
 * The dedicated database of the move tests, on the second PostgreSQL server (:5433): {@code <ENCLAVE_TEST_DB>_d}
 * ({@link DedicatedDatabases}), registered as placement {@value #PLACEMENT} and migrated once per service start
 * (emptied first, so every run starts from the current migrations). Read and written outside the service's pools.
 */
final class MoveDatabases {

    static final String PLACEMENT = "move-d";

    private static final String SUFFIX = "d";

    private MoveDatabases() {
    }

    static String url() {
        return DedicatedDatabases.url(SUFFIX);
    }

    /** The placement registered and served (the shared test database is new at each service start). */
    static void ready() {
        PlacementCatalog catalog = Arc.container().instance(PlacementCatalog.class).get();
        if (catalog.find(PLACEMENT).map(p -> p.status() == PlacementStatus.SERVING).orElse(false)) {
            return;
        }
        DedicatedDatabases.reset(SUFFIX); // emptied: every run starts from the current migrations
        String registered = catalog.register(PLACEMENT, url());
        if (!registered.equals("registered") && !registered.equals("unchanged")) {
            throw new IllegalStateException("placement not registered: " + registered);
        }
        PlacementMigrations.Outcome outcome = Arc.container().instance(PlacementMigrations.class).get().migrate(PLACEMENT);
        if (outcome.status() != PlacementStatus.SERVING) {
            throw new IllegalStateException("placement not migrated: " + outcome);
        }
        catalog.forget();
    }

    static Connection asOwner() throws SQLException {
        return DedicatedDatabases.asOwner(SUFFIX);
    }

    /** A count as the owner seeing one tenant's rows there (false: the shared test database). */
    static long count(boolean dedicated, String tenant, String sql, Object... params) {
        return DedicatedDatabases.count(dedicated ? SUFFIX : null, tenant, sql, params);
    }

    /** Every row of the tenant in every tenant table there (as the owner, which sees them under the purge policy). */
    static long rowsOf(boolean dedicated, String tenant) {
        try (Connection connection = dedicated ? asOwner() : TestDatabase.asOwner()) {
            try (PreparedStatement as = connection.prepareStatement("select set_config('app.purge_tenant', ?, false)")) {
                as.setString(1, tenant);
                as.execute();
            }
            long rows = 0;
            for (TenantTable table : TenantTable.read(connection)) {
                try (PreparedStatement query = connection.prepareStatement("select count(*) from " + table.name() + " where tenant_id = ?")) {
                    query.setString(1, tenant);
                    try (ResultSet row = query.executeQuery()) {
                        row.next();
                        rows += row.getLong(1);
                    }
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String placementOf(String tenant) {
        try (Connection connection = TestDatabase.asOwner();
                PreparedStatement query = connection.prepareStatement("select db_placement || '/' || status from tenants where id = ?")) {
            query.setString(1, tenant);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
