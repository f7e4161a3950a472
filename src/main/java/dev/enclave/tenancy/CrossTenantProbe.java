package dev.enclave.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which tenant owns an id the caller could not see? Only used to audit cross-tenant attempts with their target;
 * the answer never reaches a client. Backed by the {@code tenant_owning} function (V3 migration).
 */
@ApplicationScoped
public class CrossTenantProbe {

    private final DataSource dataSource;

    CrossTenantProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<TenantId> ownerOf(String kind, UUID id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select tenant_owning(?, ?)")) {
            query.setString(1, kind);
            query.setObject(2, id);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? TenantId.parse(result.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cross-tenant probe failed", e);
        }
    }
}
