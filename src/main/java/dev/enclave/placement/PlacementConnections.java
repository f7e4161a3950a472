package dev.enclave.placement;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantConnectionResolver;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;

import dev.enclave.tenancy.TenantId;

/**
 * Hibernate's connections for a tenant (DATABASE multitenancy of the default unit): from the pool of the placement
 * that holds the tenant now. Quarkus keeps the provider of a tenant forever, so the provider looks the placement up
 * on every connection, never once: a moved tenant's next connection is from its new database. {@code @TenantId}
 * stays on the entities, so every row still carries its tenant and RLS still applies in every database.
 */
@ApplicationScoped
@PersistenceUnitExtension
class PlacementConnections implements TenantConnectionResolver {

    private final PlacementDirectory directory;
    private final PlacementPools pools;

    PlacementConnections(PlacementDirectory directory, PlacementPools pools) {
        this.directory = directory;
        this.pools = pools;
    }

    @Override
    public ConnectionProvider resolve(String tenantId) {
        return new TenantConnections(new TenantId(tenantId));
    }

    private final class TenantConnections implements ConnectionProvider {

        private final TenantId tenant;

        TenantConnections(TenantId tenant) {
            this.tenant = tenant;
        }

        @Override
        public Connection getConnection() throws SQLException {
            String placement = directory.databaseOf(tenant);
            try {
                return pools.app(placement).getConnection();
            } catch (PlacementUnavailableException e) {
                // A connection failure to the caller: consumers retry it in place, the HTTP edge answers 503.
                throw new SQLTransientConnectionException(e.problem().detail(), "08001", e);
            }
        }

        @Override
        public void closeConnection(Connection connection) throws SQLException {
            connection.close();
        }

        @Override
        public boolean supportsAggressiveRelease() {
            return false;
        }

        @Override
        public boolean isUnwrappableAs(Class<?> type) {
            return false;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new org.hibernate.service.UnknownUnwrapTypeException(type);
        }
    }
}
