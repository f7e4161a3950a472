package dev.enclave.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * What the tenancy core reads of the tenant registry (the global {@code tenants} table): whether a tenant is
 * registered, its lifecycle status, its home region and the database that holds its rows (its db placement,
 * dev.enclave.placement), for every request, consumed event and tenant connection. Read here, with
 * plain SQL, so the core does not depend on the registry feature ({@code dev.enclave.tenant}) that depends on it.
 * Entries are kept for {@link #TTL}, so a status change reaches every instance within that time.
 */
@ApplicationScoped
public class TenantRegistry {

    /** How long a registry change may take to be seen by every instance. */
    public static final Duration TTL = Duration.ofSeconds(2);

    public record Registration(TenantStatus status, String homeRegion, String dbPlacement) {
    }

    private record Entry(Optional<Registration> registration, long expiresAtNanos) {
    }

    private final DataSource dataSource;
    private final ConcurrentHashMap<TenantId, Entry> cache = new ConcurrentHashMap<>();

    TenantRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The tenant's registration, at most {@link #TTL} old; empty when it is not registered. */
    public Optional<Registration> registration(TenantId tenant) {
        long now = System.nanoTime();
        Entry entry = cache.get(tenant);
        if (entry == null || now - entry.expiresAtNanos() > 0) {
            entry = new Entry(load(tenant), now + TTL.toNanos());
            cache.put(tenant, entry);
        }
        return entry.registration();
    }

    /** Drops the cached entry of one tenant, after this instance changed its registration. */
    public void forget(TenantId tenant) {
        cache.remove(tenant);
    }

    /**
     * Read outside any transaction of the caller: the registry is in the shared database, and a shared connection
     * enlisted in a tenant's transaction would keep a tenant in a dedicated database from enlisting its own (no
     * transaction spans two databases; the placement is looked up when a tenant connection is opened).
     */
    private Optional<Registration> load(TenantId tenant) {
        return QuarkusTransaction.suspendingExisting().call(() -> read(tenant));
    }

    private Optional<Registration> read(TenantId tenant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select status, home_region, db_placement from tenants where id = ?")) {
            query.setString(1, tenant.value());
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new Registration(TenantStatus.fromDb(row.getString(1)), row.getString(2), row.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the tenant registry", e);
        }
    }
}
