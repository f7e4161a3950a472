package dev.enclave.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.arc.Arc;

/**
 * Row-level security follows the Hibernate tenant: the pool stamps {@code app.tenant_id} on a connection when
 * it is handed out and clears it when it comes back, so a pooled connection never carries a tenant over.
 * Inside a JTA transaction the connection is already enlisted (autocommit off), so the setting is
 * transaction-local; outside one it is session-level and the return hook resets it.
 * Public for the pools of dedicated databases (dev.enclave.placement.PlacementPools), which add it themselves.
 */
@ApplicationScoped
public class TenantRlsInterceptor implements AgroalPoolInterceptor {

    static final String SETTING = "app.tenant_id";

    private final TenantContext context;
    /**
     * Physical connections that carry a session-level setting and so must be reset on return. Agroal hands each
     * callback a new wrapper of the pooled connection, so the wrapper's identity cannot be the key.
     */
    private final Set<Connection> sessionScoped = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    TenantRlsInterceptor(TenantContext context) {
        this.context = context;
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        Optional<TenantId> tenant = Arc.container().requestContext().isActive() ? context.current() : Optional.empty();
        try {
            if (tenant.isPresent()) {
                boolean local = !connection.getAutoCommit();
                try (PreparedStatement set = connection.prepareStatement("select set_config('" + SETTING + "', ?, ?)")) {
                    set.setString(1, tenant.get().value());
                    set.setBoolean(2, local);
                    set.execute();
                }
                if (!local) {
                    sessionScoped.add(physical(connection));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not scope the connection to the tenant", e);
        }
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        try {
            if (connection.isClosed()) {
                return; // broken (e.g. the database went away): the pool never hands it out again
            }
            if (!sessionScoped.remove(physical(connection))) {
                return; // transaction-local: the setting ended with the transaction
            }
            try (Statement reset = connection.createStatement()) {
                reset.execute("reset " + SETTING);
            }
        } catch (SQLException e) {
            // A connection we cannot reset must not be reused by another tenant.
            throw new IllegalStateException("could not clear the tenant from a pooled connection", e);
        }
    }

    private static Connection physical(Connection connection) throws SQLException {
        return connection.unwrap(Connection.class);
    }
}
