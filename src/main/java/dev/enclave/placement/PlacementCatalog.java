package dev.enclave.placement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.enclave.tenancy.TenantRegistry;

/**
 * The registered placements (global table db_placements in the shared database), read as the application role and
 * kept for {@link TenantRegistry#TTL} like the registry: a status change (a failed migration) reaches every instance
 * within that time. Few rows, so all of them are read at once.
 */
@ApplicationScoped
public class PlacementCatalog {

    private record Snapshot(Map<String, Placement> byName, long expiresAtNanos) {
    }

    private final DataSource shared;
    private volatile Snapshot snapshot;

    PlacementCatalog(DataSource shared) {
        this.shared = shared;
    }

    public Optional<Placement> find(String name) {
        return Optional.ofNullable(current().byName().get(name));
    }

    public List<Placement> all() {
        return current().byName().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** Drops the cached rows, after this instance changed them. */
    public void forget() {
        snapshot = null;
    }

    /**
     * Registers a placement through the owner function (V64): "registered", "unchanged" (same name and URL) or
     * "conflict" (the name has another URL).
     */
    public String register(String name, String jdbcUrl) {
        try (Connection connection = shared.getConnection();
                PreparedStatement call = connection.prepareStatement("select register_db_placement(?, ?)")) {
            call.setString(1, name);
            call.setString(2, jdbcUrl);
            try (ResultSet row = call.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not register the placement", e);
        } finally {
            forget();
        }
    }

    /** How many tenants each placement holds (registry rows, deleted tenants left out). */
    public Map<String, Long> tenantCounts() {
        try (Connection connection = shared.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select db_placement, count(*) from tenants where status <> 'deleted' group by db_placement");
                ResultSet rows = query.executeQuery()) {
            Map<String, Long> counts = new java.util.HashMap<>();
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the placements' tenants", e);
        }
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current == null || now - current.expiresAtNanos() > 0) {
            current = new Snapshot(outsideTransaction(), now + TenantRegistry.TTL.toNanos());
            snapshot = current;
        }
        return current;
    }

    /** Like the registry's reads (TenantRegistry): never enlisted in a tenant's transaction, which may be elsewhere. */
    private Map<String, Placement> outsideTransaction() {
        return QuarkusTransaction.suspendingExisting().call(this::load);
    }

    private Map<String, Placement> load() {
        try (Connection connection = shared.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select name, jdbc_url, status, schema_version, detail, updated_at from db_placements");
                ResultSet rows = query.executeQuery()) {
            List<Placement> placements = new ArrayList<>();
            while (rows.next()) {
                placements.add(new Placement(rows.getString(1), Optional.ofNullable(rows.getString(2)),
                        PlacementStatus.fromDb(rows.getString(3)), rows.getString(4), rows.getString(5),
                        rows.getObject(6, OffsetDateTime.class)));
            }
            return placements.stream().collect(Collectors.toUnmodifiableMap(Placement::name, Function.identity()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the placements", e);
        }
    }
}
