package dev.enclave.offboarding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.placement.PlacementDirectory;
import dev.enclave.placement.TenantDataSource;
import dev.enclave.tenancy.TenantId;

/**
 * The tenant's rows in PostgreSQL, counted and deleted by the owner role through its security-definer functions
 * (V63): {@code tenant_row_counts} reads every table with a {@code tenant_id} column from the catalog, so a table
 * added later is never forgotten, and counts past row level security; {@code purge_tenant_rows} deletes a batch,
 * and only while the tenant is purging. In the database that holds the tenant's rows (its placement, TenantDataSource);
 * the tables' references are the same in every placement.
 */
@ApplicationScoped
class TenantRows {

    /** Foreign key violation: a row still referenced by another table's row of the tenant. */
    private static final String REFERENCED = "23503";

    private final DataSource dataSource;
    private final TenantDataSource tenantData;
    private final PlacementDirectory placements;

    TenantRows(DataSource dataSource, TenantDataSource tenantData, PlacementDirectory placements) {
        this.dataSource = dataSource;
        this.tenantData = tenantData;
        this.placements = placements;
    }

    /** Before deleting: a dedicated placement's copy of the registry must say purging too, or it refuses. */
    void prepare(TenantId tenant) {
        placements.refreshCopy(tenant);
    }

    /** Every tenant table and the tenant's rows in it, by table name. */
    Map<String, Long> counts(TenantId tenant) {
        try (Connection connection = tenantData.of(tenant).getConnection();
                PreparedStatement query = connection.prepareStatement("select table_name, row_count from tenant_row_counts(?)")) {
            query.setString(1, tenant.value());
            Map<String, Long> counts = new TreeMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the tenant's rows: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes up to {@code batch} of the tenant's rows from {@code table}, in a transaction of its own. Answers how
     * many it deleted, or -1 when the rows are still referenced by another table's (that one must be emptied first).
     */
    long deleteBatch(TenantId tenant, String table, int batch) {
        try (Connection connection = tenantData.of(tenant).getConnection();
                PreparedStatement delete = connection.prepareStatement("select purge_tenant_rows(?, ?, ?)")) {
            delete.setString(1, tenant.value());
            delete.setString(2, table);
            delete.setInt(3, batch);
            try (ResultSet result = delete.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            if (REFERENCED.equals(e.getSQLState())) {
                return -1;
            }
            throw new IllegalStateException("could not delete the tenant's rows from " + table + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tenant tables in the order to empty them: tables no other table references first, so that no delete
     * cascades into (or is refused by) another table's rows.
     */
    List<String> inPurgeOrder(Map<String, Long> counts) {
        Set<String> referenced = new HashSet<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement("""
                select distinct confrelid::regclass::text from pg_constraint
                 where contype = 'f' and conrelid <> confrelid and connamespace = current_schema()::regnamespace""");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                referenced.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the tables' references: " + e.getMessage(), e);
        }
        List<String> order = new ArrayList<>(counts.keySet());
        order.sort(Comparator.comparing(referenced::contains));
        return order;
    }

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
