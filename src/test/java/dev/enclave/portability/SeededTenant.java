package dev.enclave.portability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.enclave.testing.Fixtures;
import dev.enclave.testing.TestDatabase;

/**
 * A tenant registered and activated as the database owner (register_tenant, change_tenant_status, as the control
 * plane does) and, for a source, filled with a bit of everything an export carries, as the tenant
 * (app.tenant_id set, like R__dev_tenants.sql): members (bound, invited, and one whose email is another tenant's
 * Keycloak user), projects, documents, settings, overrides, usage, activity.
 */
final class SeededTenant {

    /** Every tenant made here, so that a test can remove their bundles from the object store afterwards. */
    static final java.util.List<String> MADE = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SeededTenant() {
    }

    static String empty(String plan) throws SQLException {
        String tenant = "t-" + Fixtures.suffix();
        try (Connection owner = TestDatabase.asOwner()) {
            run(owner, "select register_tenant('" + tenant + "', 'Test " + tenant + "', '" + plan + "', 'local', 'shared')");
            run(owner, "select change_tenant_status('" + tenant + "', array['provisioning'], 'active', 'test', null)");
        }
        MADE.add(tenant);
        return tenant;
    }

    static String withData(int documents) throws SQLException {
        String t = empty("pro");
        try (Connection owner = TestDatabase.asOwner()) {
            owner.setAutoCommit(false);
            TestDatabase.setTenant(owner, t, true);
            run(owner, "insert into members (tenant_id, id, subject, email, display_name, role) values"
                    + " ('" + t + "', gen_random_uuid(), gen_random_uuid()::text, 'owner-" + t + "@example.test', 'Owner', 'owner'),"
                    + " ('" + t + "', gen_random_uuid(), null, 'invited-" + t + "@example.test', 'Invited', 'member'),"
                    + " ('" + t + "', gen_random_uuid(), gen_random_uuid()::text, 'alice@acme.test', 'Alice elsewhere', 'viewer')");
            run(owner, "insert into projects (tenant_id, id, slug, name, description) values"
                    + " ('" + t + "', gen_random_uuid(), 'alpha', 'Alpha', 'first'), ('" + t + "', gen_random_uuid(), 'beta', 'Beta', '')");
            run(owner, """
                    insert into documents (tenant_id, id, project_id, title, body, tags, status, size_bytes, created_by, version)
                    select '%1$s', gen_random_uuid(), p.id, 'Document ' || n, 'Body of document ' || n || ' about zeppelins',
                           array['tag' || (n %% 3), 'all']::varchar[], (array['draft', 'published', 'archived'])[1 + n %% 3],
                           octet_length('Document ' || n) + octet_length('Body of document ' || n || ' about zeppelins'),
                           (select subject from members where tenant_id = '%1$s' and role = 'owner'), n %% 4
                      from generate_series(1, %2$d) n
                      join projects p on p.tenant_id = '%1$s' and p.slug = case when n %% 2 = 0 then 'alpha' else 'beta' end
                    """.formatted(t, documents));
            run(owner, "insert into tenant_settings (tenant_id, id, settings, version) values ('" + t + "', gen_random_uuid(),"
                    + " '{\"displayName\":\"Seeded\",\"locale\":\"en\",\"timeZone\":\"Europe/Paris\"}', 2)");
            run(owner, "insert into storage_usage (tenant_id, used_bytes) select '" + t + "', coalesce(sum(size_bytes), 0)"
                    + " from documents where tenant_id = '" + t + "'");
            run(owner, "insert into usage_counters (tenant_id, members, projects, documents, events) values ('" + t + "', 3, 2, "
                    + documents + ", " + (documents + 5) + ")");
            run(owner, "insert into usage_items (tenant_id, kind, id, version, live, size_bytes)"
                    + " select '" + t + "', 'document', id, version, true, size_bytes from documents where tenant_id = '" + t + "'"
                    + " union all select '" + t + "', 'project', gen_random_uuid(), 3, false, 0"); // a deleted project
            run(owner, "insert into ai_usage (tenant_id, period, used_tokens, calls) values ('" + t + "', date_trunc('month', now())::date, 1234, 3)");
            run(owner, "insert into activity_entries (tenant_id, event_id, occurred_at, type, aggregate_type, aggregate_id, aggregate_version, actor, label)"
                    + " select '" + t + "', gen_random_uuid(), created_at, 'ProjectCreated', 'project', id, 0, 'someone', name"
                    + " from projects where tenant_id = '" + t + "'");
            run(owner, "insert into tenant_limits (tenant, burst, storage_bytes, updated_by) values ('" + t + "', 123, 900000000, 'root')");
            owner.commit();
        }
        return t;
    }

    /** The tenant's rows per bundle entity, counted by the owner (audit: entries naming the tenant either way). */
    static Map<String, Long> counts(String t) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection owner = TestDatabase.asOwnerOf(t)) {
            String w = " where tenant_id = '" + t + "'";
            counts.put("members", TestDatabase.count(owner, "select count(*) from members" + w));
            counts.put("projects", TestDatabase.count(owner, "select count(*) from projects" + w));
            counts.put("documents", TestDatabase.count(owner, "select count(*) from documents" + w));
            counts.put("settings", TestDatabase.count(owner, "select count(*) from tenant_settings" + w));
            counts.put("limits", 1L);
            counts.put("usage", TestDatabase.count(owner, "select (select count(*) from storage_usage" + w + ") + (select count(*) from usage_counters"
                    + w + ") + (select count(*) from usage_items" + w + ") + (select count(*) from ai_usage" + w + ")"));
            counts.put("activity", TestDatabase.count(owner, "select count(*) from activity_entries" + w));
            counts.put("audit", TestDatabase.count(owner, "select count(*) from audit_log where target_tenant = '" + t
                    + "' or actor_tenant = '" + t + "'"));
        }
        return counts;
    }

    private static void run(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
