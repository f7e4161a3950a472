package dev.enclave.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows of a tenant in every tenant table, written through RLS as that tenant (the tenant comes from the
 * connection's app.tenant_id, so the same SQL serves every tenant). Every row is recognisable ({@link #MARKER}, or
 * the year 2000 where a table has no free text) and is removed again by {@link #remove}. A new tenant table adds
 * one insert and one delete here; until then the isolation tests fail and name it, because "every tenant table"
 * cannot be proven on an empty table. Rows are shaped so the running application ignores them: outbox rows are
 * already published, counters start from what the application would compute, periods lie in the past.
 */
public final class TenantRows {

    public static final String MARKER = "isolation-fixture";
    /** updated_at / period of fixture rows in tables without a text column to mark. */
    static final String LONG_AGO = "timestamptz '2000-01-01 00:00:00+00'";

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
        // Already published, so the relay never sends it.
        row("outbox_events", """
                insert into outbox_events (tenant_id, id, aggregate_type, aggregate_id, aggregate_version, event_type,
                                           occurred_at, payload, published_at)
                values (current_setting('app.tenant_id'), gen_random_uuid(), 'document', gen_random_uuid(), 0,
                        'IsolationFixture', %2$s, '%1$s', %2$s)""",
                "delete from outbox_events where payload = '%1$s'");
        row("processed_events", """
                insert into processed_events (tenant_id, consumer, event_id)
                values (current_setting('app.tenant_id'), '%1$s', gen_random_uuid())""",
                "delete from processed_events where consumer = '%1$s'");
        // One row per tenant: zeros are what the meter's upsert starts from anyway; removed unless the meter has
        // written to it since (then it is the meter's row).
        row("usage_counters", """
                insert into usage_counters (tenant_id, updated_at) values (current_setting('app.tenant_id'), %2$s)
                on conflict (tenant_id) do nothing""",
                "delete from usage_counters where updated_at = %2$s");
        // Aggregate versions start at 0: -1 marks the fixture.
        row("usage_items", """
                insert into usage_items (tenant_id, kind, id, version, live)
                values (current_setting('app.tenant_id'), 'document', gen_random_uuid(), -1, false)""",
                "delete from usage_items where version = -1");
        row("activity_entries", """
                insert into activity_entries (tenant_id, event_id, occurred_at, type, aggregate_type, aggregate_id,
                                              aggregate_version, actor, label)
                values (current_setting('app.tenant_id'), gen_random_uuid(), %2$s, 'IsolationFixture', 'document',
                        gen_random_uuid(), 0, '%1$s', '%1$s')""",
                "delete from activity_entries where actor = '%1$s'");
        // One row per tenant: the value the application would create it with (what the documents hold).
        row("storage_usage", """
                insert into storage_usage (tenant_id, used_bytes, updated_at)
                select current_setting('app.tenant_id'), coalesce(sum(size_bytes), 0), %2$s from documents
                on conflict (tenant_id) do nothing""",
                "delete from storage_usage where updated_at = %2$s");
        // A month long past: the AI budget of the current month never sees it.
        row("ai_usage", """
                insert into ai_usage (tenant_id, period) values (current_setting('app.tenant_id'), date '2000-01-01')
                on conflict do nothing""",
                "delete from ai_usage where period = date '2000-01-01'");
        row("ai_reservations", """
                insert into ai_reservations (tenant_id, id, period, tokens, expires_at)
                values (current_setting('app.tenant_id'), gen_random_uuid(), date '2000-01-01', 1, %2$s)""",
                "delete from ai_reservations where period = date '2000-01-01'");
    }

    private TenantRows() {
    }

    private static void row(String table, String insert, String delete) {
        INSERTS.put(table, insert.formatted(MARKER, LONG_AGO));
        DELETES.put(table, delete.formatted(MARKER, LONG_AGO));
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

    /**
     * Removes every fixture row of {@code tenant}, as the owner: the application role may not delete from every
     * table (derived data is append- or update-only for it), while the owner, under forced RLS with the tenant set,
     * deletes exactly that tenant's rows.
     */
    public static void remove(Connection owner, String tenant) throws SQLException {
        inTenantTransaction(owner, tenant, () -> {
            List<String> deletes = List.copyOf(DELETES.values());
            for (int i = deletes.size() - 1; i >= 0; i--) {
                TestDatabase.execute(owner, deletes.get(i));
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
