package dev.enclave.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.placement.Placement;
import dev.enclave.placement.PlacementPools;
import dev.enclave.tenancy.TenantId;

/**
 * Which tenant owns an id the caller could not see? Only used to audit cross-tenant attempts with their target;
 * the answer never reaches a client. Backed by the {@code tenant_owning} function (V3 migration). The caller brings
 * the connection to the shared database: the audit writer asks on its own one, off the request path. An id found
 * nowhere there is looked for in every other placement served now (a tenant in a dedicated database, V64).
 */
@ApplicationScoped
class CrossTenantProbe {

    private final PlacementPools placements;

    CrossTenantProbe(PlacementPools placements) {
        this.placements = placements;
    }

    public Optional<TenantId> ownerOf(Connection connection, String kind, UUID id) throws SQLException {
        Optional<TenantId> owner = ownerIn(connection, kind, id);
        for (String placement : placements.serving()) {
            if (owner.isPresent()) {
                break;
            }
            if (!Placement.SHARED.equals(placement)) {
                try (Connection dedicated = placements.app(placement).getConnection()) {
                    owner = ownerIn(dedicated, kind, id);
                }
            }
        }
        return owner;
    }

    private static Optional<TenantId> ownerIn(Connection connection, String kind, UUID id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select tenant_owning(?, ?)")) {
            query.setString(1, kind);
            query.setObject(2, id);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? TenantId.parse(result.getString(1)) : Optional.empty();
            }
        }
    }
}
