package dev.enclave.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Direct SQL as the schema owner (Flyway's role), for what the API deliberately cannot do: suspend a tenant in
 * the registry, put seeded rows back. Tenant tables are under forced RLS even for their owner, so writes to them
 * go through {@link #asTenant}.
 */
public final class Database {

    private Database() {
    }

    public static int update(String sql, Object... params) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs the statements in one transaction with {@code app.tenant_id} set to the tenant. */
    public static void asTenant(String tenant, String... statements) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement set = prepare(connection, "select set_config('app.tenant_id', ?, true)", tenant)) {
                set.execute();
            }
            for (String sql : statements) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.execute();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(String.join("; ", statements), e);
        }
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class),
                config.getValue("quarkus.flyway.password", String.class));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
