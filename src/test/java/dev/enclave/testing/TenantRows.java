package dev.enclave.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows of a tenant in every tenant table, written through RLS as that tenant (the tenant comes from the
 * connection's app.tenant_id, so the same SQL serves every tenant). All carry {@link #MARKER} and are removed again
 * by {@link #remove}. A new tenant table adds one insert and one delete here; until then the isolation tests fail
 * and name it, because "every tenant table" cannot be proven on an empty table.
 */
public final class TenantRows {

    public static final String MARKER = "isolation-fixture";

    /** Insert order (foreign keys); each statement writes one row of the connection's tenant. */
    private static final Map<String, String> INSERTS = new LinkedHashMap<>();
    /** Delete order (reverse); each removes only fixture rows. */
    private static final Map<String, String> DELETES = new LinkedHashMap<>();

    static {
        row("members", """
                insert into members (tenant_id, id, email, display_name, role)
                values (current_setting('app.tenant_id'), gen_random_uuid(), gen_random_uuid() || '@fixture.test', '%1$s', 'viewer')""",
                "delete from members where display_name = '%1$s'");
        row("projects", """
                insert into projects (tenant_id, id, slug, name)
                values (current_setting('app.tenant_id'), gen_random_uuid(), 'fx-' || substr(md5(random()::text), 1, 20), '%1$s')""",
                "delete from projects where name = '%1$s'");
        row("documents", """
                insert into documents (tenant_id, id, project_id, title)
                select tenant_id, gen_random_uuid(), id, '%1$s' from projects where name = '%1$s' limit 1""",
                "delete from documents where title = '%1$s'");
        // One row per tenant: only added when the tenant has none, and only that row is removed again.
        row("tenant_settings", """
                insert into tenant_settings (tenant_id, id, settings)
                values (current_setting('app.tenant_id'), gen_random_uuid(), '{"%1$s": true}') on conflict (tenant_id) do nothing""",
                "delete from tenant_settings where settings ? '%1$s'");
    }

    private TenantRows() {
    }

    private static void row(String table, String insert, String delete) {
        INSERTS.put(table, insert.formatted(MARKER));
        DELETES.put(table, delete.formatted(MARKER));
    }

    /** The tenant tables this fixture fills. */
    public static Set<String> tables() {
        return INSERTS.keySet();
    }

    /** Adds {@code perTable} rows of {@code tenant} to every table, as that tenant, in one transaction. */
    public static void add(Connection app, String tenant, int perTable) throws SQLException {
        inTenantTransaction(app, tenant, () -> {
            for (String insert : INSERTS.values()) {
                for (int i = 0; i < perTable; i++) {
                    TestDatabase.execute(app, insert);
                }
            }
        });
    }

    /** Removes every fixture row of {@code tenant}. */
    public static void remove(Connection app, String tenant) throws SQLException {
        inTenantTransaction(app, tenant, () -> {
            List<String> deletes = List.copyOf(DELETES.values());
            for (int i = deletes.size() - 1; i >= 0; i--) {
                TestDatabase.execute(app, deletes.get(i));
            }
        });
    }

    private interface Work {
        void run() throws SQLException;
    }

    private static void inTenantTransaction(Connection app, String tenant, Work work) throws SQLException {
        boolean autoCommit = app.getAutoCommit();
        app.setAutoCommit(false);
        try {
            TestDatabase.setTenant(app, tenant, true);
            work.run();
            app.commit();
        } catch (SQLException | RuntimeException e) {
            app.rollback();
            throw e;
        } finally {
            app.setAutoCommit(autoCommit);
        }
    }
}
