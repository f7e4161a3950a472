package dev.enclave.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.tenancy.TenantId;

/**
 * Changes where a tenant's data lives. The application role may only read the registry; this one change goes
 * through {@code set_search_placement} (V50), a function of the owner role that updates nothing else.
 */
@ApplicationScoped
public class TenantPlacements {

    private final DataSource dataSource;
    private final TenantDirectory directory;

    TenantPlacements(DataSource dataSource, TenantDirectory directory) {
        this.dataSource = dataSource;
        this.directory = directory;
    }

    /** @param placement {@code shared} or {@code dedicated}; false when the tenant is not registered */
    public boolean setSearchPlacement(TenantId tenant, String placement) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("select set_search_placement(?, ?)")) {
            update.setString(1, tenant.value());
            update.setString(2, placement);
            try (ResultSet result = update.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the search placement", e);
        } finally {
            directory.forget(tenant);
        }
    }
}
