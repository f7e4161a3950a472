package dev.enclave.placement;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;

/**
 * Dedicated databases on the second PostgreSQL server (:5433, ./enclave up), for placement tests: named after this
 * checkout's test database ({@code <ENCLAVE_TEST_DB>_<suffix>}) so parallel checkouts never share one. Created and
 * emptied as the schema owner (who has CREATEDB there), read and written as the owner or the application role,
 * always outside the service's pools.
 */
public final class DedicatedDatabases {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5433/";
    /** The placement acme is put in by {@link #placeAcme()}. */
    public static final String ACME_PLACEMENT = "dedicated-1";

    private DedicatedDatabases() {
    }

    public static String name(String suffix) {
        String shared = TestDatabase.url();
        return shared.substring(shared.lastIndexOf('/') + 1) + "_" + suffix;
    }

    public static String url(String suffix) {
        return SERVER + name(suffix);
    }

    /** An empty database (created when missing; its schema dropped otherwise). */
    public static void reset(String suffix) {
        String db = name(suffix);
        try (Connection server = DriverManager.getConnection(SERVER + "postgres", TestDatabase.OWNER_ROLE, "");
                PreparedStatement exists = server.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, db);
            boolean found;
            try (ResultSet row = exists.executeQuery()) {
                found = row.next();
            }
            if (!found) {
                try (Statement create = server.createStatement()) {
                    create.execute("create database \"" + db + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + db + " on :5433", e);
        }
        owner(suffix, "drop schema if exists public cascade", "create schema public");
    }

    /** Statements as the owner, in one transaction. */
    public static void owner(String suffix, String... statements) {
        try (Connection connection = asOwner(suffix)) {
            connection.setAutoCommit(false);
            for (String sql : statements) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(String.join("; ", statements), e);
        }
    }

    public static Connection asOwner(String suffix) throws SQLException {
        return DriverManager.getConnection(url(suffix), TestDatabase.OWNER_ROLE, "");
    }

    public static Connection asApp(String suffix) throws SQLException {
        return DriverManager.getConnection(url(suffix), TestDatabase.APP_ROLE, "");
    }

    /** A count as the owner seeing one tenant's rows (tenant tables force RLS on their owner too); suffix null: shared. */
    public static long count(String suffix, String tenant, String sql, Object... params) {
        try (Connection connection = suffix == null ? TestDatabase.asOwner() : asOwner(suffix)) {
            try (PreparedStatement as = connection.prepareStatement("select set_config('app.tenant_id', ?, false)")) {
                as.setString(1, tenant);
                as.execute();
            }
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    query.setObject(i + 1, params[i]);
                }
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The tenant's placement in the registry (shared database). */
    public static String placementOf(String tenant) {
        try (Connection connection = TestDatabase.asOwner();
                PreparedStatement query = connection.prepareStatement("select db_placement from tenants where id = ?")) {
            query.setString(1, tenant);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POST /admin/v1/placements as root. */
    public static Response register(String placement, String jdbcUrl) {
        return given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", placement, "jdbcUrl", jdbcUrl))
                .when().post("/admin/v1/placements");
    }

    /**
     * Puts acme in {@link #ACME_PLACEMENT} (database d1), once per service start: an empty database registered (and
     * so migrated) through the admin API, acme's registry row and members (the realm's seed) copied there, the
     * registry switched, acme's members removed from the shared database, then the registry's TTL waited out.
     * globex stays in the shared database.
     */
    public static void placeAcme() {
        if (ACME_PLACEMENT.equals(placementOf(Persona.ACME))) {
            return;
        }
        reset("d1");
        Response registered = register(ACME_PLACEMENT, url("d1"));
        if (registered.statusCode() != 201 && registered.statusCode() != 200 || !"serving".equals(registered.path("status"))) {
            throw new IllegalStateException("dedicated-1 not registered: " + registered.asString());
        }
        moveAcmeTo("d1", ACME_PLACEMENT);
    }

    /** Copies acme's registry row and members into the database, switches the registry, deletes them in the source. */
    public static void moveAcmeTo(String suffix, String placement) {
        String from = placementOf(Persona.ACME);
        List<String[]> members = new ArrayList<>();
        try (Connection source = "shared".equals(from) ? TestDatabase.asOwner() : asOwner(suffixOf(from))) {
            try (PreparedStatement as = source.prepareStatement("select set_config('app.tenant_id', 'acme', false)")) {
                as.execute();
            }
            try (Statement query = source.createStatement(); ResultSet rows = query.executeQuery(
                    "select id::text, subject, email, display_name, role from members where tenant_id = 'acme'")) {
                while (rows.next()) {
                    members.add(new String[] { rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5) });
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Connection target = asOwner(suffix)) {
            target.setAutoCommit(false);
            try (Statement registry = target.createStatement()) {
                registry.execute("""
                        insert into tenants (id, name, plan, status, home_region) values ('acme', 'Acme Corporation', 'pro', 'active', 'local')
                        on conflict (id) do nothing""");
                registry.execute("select set_config('app.tenant_id', 'acme', true)");
            }
            for (String[] m : members) {
                try (PreparedStatement insert = target.prepareStatement("""
                        insert into members (tenant_id, id, subject, email, display_name, role)
                        values ('acme', ?::uuid, ?, ?, ?, ?) on conflict do nothing""")) {
                    for (int i = 0; i < 5; i++) {
                        insert.setString(i + 1, m[i]);
                    }
                    insert.executeUpdate();
                }
            }
            target.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        switchAcme(placement);
        if ("shared".equals(from)) {
            dev.enclave.testing.Database.asTenant(Persona.ACME, "delete from members where tenant_id = 'acme'");
        }
        awaitRegistryTtl();
    }

    /** Points acme at a placement in the registry (set_db_placement, as the owner), nothing else. */
    public static void switchAcme(String placement) {
        try (Connection connection = TestDatabase.asOwner();
                PreparedStatement call = connection.prepareStatement("select set_db_placement('acme', ?)")) {
            call.setString(1, placement);
            call.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        awaitRegistryTtl();
    }

    /** The registry (and placement catalog) caches of the service are at most 2 s old. */
    public static void awaitRegistryTtl() {
        try {
            Thread.sleep(2_200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String suffixOf(String placement) {
        return ACME_PLACEMENT.equals(placement) ? "d1" : placement; // other placements of these tests are named like their database
    }
}
