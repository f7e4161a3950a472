package dev.enclave.placement;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import dev.enclave.tenancy.TenantContext;
import dev.enclave.tenancy.TenantId;

/**
 * Raw JDBC to tenant data: connections from the pool of the placement that holds the current tenant
 * ({@link TenantContext}: an HTTP request, or work inside TenantScope.runAs), looked up on every connection like
 * Hibernate's ({@link PlacementConnections}). Global tables (tenants, audit_log, plans, tenant_limits, operator_jobs,
 * idempotency_keys, purge_receipts, db_placements...) are in the shared database only: read them through the default
 * DataSource. Injected by its own type, never as a plain DataSource, so no injection point gets it by accident.
 */
@ApplicationScoped
@Typed(TenantDataSource.class)
public class TenantDataSource implements DataSource {

    private final TenantContext context;
    private final PlacementDirectory directory;
    private final PlacementPools pools;

    TenantDataSource(TenantContext context, PlacementDirectory directory, PlacementPools pools) {
        this.context = context;
        this.directory = directory;
        this.pools = pools;
    }

    /** The pool of the placement that holds {@code tenant} now (for work that names the tenant outside its context). */
    public DataSource of(TenantId tenant) {
        return pools.app(directory.databaseOf(tenant));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return of(context.get()).getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("tenant connections use the placement's credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
