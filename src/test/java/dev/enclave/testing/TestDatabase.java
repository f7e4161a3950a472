package dev.enclave.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Direct JDBC connections to the test database (outside the application's pool, so no interceptor helps or
 * hides anything), as the application role, the owner role, or a superuser for tests that must create scratch
 * roles. The superuser is {@code postgres} over loopback (trust on the project's machines); set
 * ENCLAVE_PG_SUPERUSER / ENCLAVE_PG_SUPERUSER_PASSWORD where it is different.
 */
public final class TestDatabase {

    public static final String APP_ROLE = "enclave_app";
    public static final String OWNER_ROLE = "enclave_owner";

    /** Tables under tenant isolation: those with a tenant_id column, as the startup guard defines them. */
    static final String TENANT_TABLES = """
            select c.relname
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where c.relkind in ('r', 'p') and n.nspname = current_schema()
               and exists (select 1 from pg_attribute a
                            where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
             order by c.relname""";

    private TestDatabase() {
    }

    public static String url() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    public static Connection asApp() throws SQLException {
        return DriverManager.getConnection(url(), APP_ROLE, "");
    }

    public static Connection asOwner() throws SQLException {
        return DriverManager.getConnection(url(), OWNER_ROLE, "");
    }

    /**
     * The owner, seeing one tenant's rows: tenant tables force row level security on their owner too, so it reads
     * and writes them as that tenant ({@code app.tenant_id} for the whole session).
     */
    public static Connection asOwnerOf(String tenant) throws SQLException {
        Connection owner = asOwner();
        try (java.sql.PreparedStatement as = owner.prepareStatement("select set_config('app.tenant_id', ?, false)")) {
            as.setString(1, tenant);
            as.execute();
        } catch (SQLException e) {
            owner.close();
            throw e;
        }
        return owner;
    }

    public static Connection asSuperuser() throws SQLException {
        String user = System.getenv().getOrDefault("ENCLAVE_PG_SUPERUSER", "postgres");
        String password = System.getenv().getOrDefault("ENCLAVE_PG_SUPERUSER_PASSWORD", "");
        try {
            return DriverManager.getConnection(url(), user, password);
        } catch (SQLException e) {
            throw new SQLException("this test needs a superuser connection as '" + user + "' (trust on loopback, or set "
                    + "ENCLAVE_PG_SUPERUSER / ENCLAVE_PG_SUPERUSER_PASSWORD)", e.getSQLState(), e);
        }
    }

    public static List<String> tenantTables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(TENANT_TABLES)) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** Sets app.tenant_id as the pool does: {@code local} = for the current transaction only. */
    public static void setTenant(Connection connection, String tenant, boolean local) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("select set_config('app.tenant_id', ?, ?)")) {
            set.setString(1, tenant);
            set.setBoolean(2, local);
            set.execute();
        }
    }

    /** What the connection's app.tenant_id is now; null or empty both mean "no tenant". */
    public static String currentTenant(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select current_setting('app.tenant_id', true)")) {
            row.next();
            return row.getString(1);
        }
    }

    public static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    public static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    public static int execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}
