package dev.enclave.placement;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

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
    private final TransactionSynchronizationRegistry transactions;

    PlacementConnections(PlacementDirectory directory, PlacementPools pools, TransactionSynchronizationRegistry transactions) {
        this.directory = directory;
        this.pools = pools;
        this.transactions = transactions;
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
            String placement = placement();
            try {
                return pools.app(placement).getConnection();
            } catch (PlacementUnavailableException e) {
                // A connection failure to the caller: consumers retry it in place, the HTTP edge answers 503.
                throw new SQLTransientConnectionException(e.problem().detail(), "08001", e);
            }
        }

        /**
         * The tenant's placement, the same for every connection of one JTA transaction: Hibernate may take several
         * connections in one, and a switch (an online move) between them must not put two databases in it (no
         * two-phase commit). A transaction that started before the switch stays on the source, whose write guard
         * refuses its writes (503, retried by the client): nothing is written where the tenant no longer lives.
         */
        private String placement() {
            boolean inTransaction = transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
            String key = "enclave.placement:" + tenant.value();
            if (inTransaction && transactions.getResource(key) instanceof String pinned) {
                return pinned;
            }
            String placement = directory.databaseOf(tenant);
            if (inTransaction) {
                transactions.putResource(key, placement);
            }
            return placement;
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
