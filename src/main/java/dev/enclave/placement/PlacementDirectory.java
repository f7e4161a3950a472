package dev.enclave.placement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.tenancy.NoTenantException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantRegistry;

/**
 * Which placement holds a tenant's rows: {@code tenants.db_placement}, read with the rest of the tenant's registration
 * (one registry read per tenant, {@link TenantRegistry}, at most {@link TenantRegistry#TTL} old). Changed only by
 * {@link #switchTo}, through the owner function set_db_placement (V64).
 */
@ApplicationScoped
public class PlacementDirectory {

    private final TenantRegistry registry;
    private final DataSource shared;
    private final PlacementPools pools;

    PlacementDirectory(TenantRegistry registry, DataSource shared, PlacementPools pools) {
        this.registry = registry;
        this.shared = shared;
        this.pools = pools;
    }

    /** The tenant's placement; an unregistered tenant has none (fail closed: no connection for it anywhere). */
    public String databaseOf(TenantId tenant) {
        return registry.registration(tenant).map(TenantRegistry.Registration::dbPlacement)
                .orElseThrow(() -> new NoTenantException("tenant " + tenant + " is not registered"));
    }

    /** Drops this instance's cached entry of the tenant (after a switch; other instances follow within the TTL). */
    public void forget(TenantId tenant) {
        registry.forget(tenant);
    }

    /**
     * Brings the copy of the tenant's registry row in its dedicated placement up to date, for that database's own
     * checks of the tenant's status (a purge there needs it to say purging). Nothing to do in the shared database.
     */
    public void refreshCopy(TenantId tenant) {
        String placement = databaseOf(tenant);
        if (!Placement.SHARED.equals(placement)) {
            pools.copyRegistration(tenant, placement);
        }
    }

    /**
     * Points the tenant at another placement, from now on for this instance and within the TTL for every other.
     * The target's copy of the tenant's registry row (the target's tenant tables reference {@code tenants}) is made
     * first. Moves no data: the online move (issue 14, item 4) does that before it switches. Answers false when the
     * tenant is not registered.
     */
    public boolean switchTo(TenantId tenant, String placement) {
        if (!Placement.SHARED.equals(placement)) {
            pools.copyRegistration(tenant, placement);
        }
        return switchCopied(tenant, placement);
    }

    /** {@link #switchTo} for a placement that holds a current copy of the tenant's registry row already (a move's target). */
    public boolean switchCopied(TenantId tenant, String placement) {
        try (Connection connection = shared.getConnection();
                PreparedStatement call = connection.prepareStatement("select set_db_placement(?, ?)")) {
            call.setString(1, tenant.value());
            call.setString(2, placement);
            try (ResultSet row = call.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not switch the tenant's placement", e);
        } finally {
            forget(tenant);
        }
    }
}
