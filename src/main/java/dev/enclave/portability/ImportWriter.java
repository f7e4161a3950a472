package dev.enclave.portability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.enclave.limits.LimitsChanged;
import dev.enclave.limits.quota.StorageQuota;
import dev.enclave.placement.TenantDataSource;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.tenant.TenantDirectory;

/**
 * Writes a batch of bundle records into the target tenant, in one transaction as the tenant (row-level security
 * applies), with new ids ({@link IdMap}) and {@code on conflict do nothing}, so a batch written twice (a resumed
 * import) writes nothing the second time. Documents are charged to the storage quota in the same transaction,
 * only for the rows actually inserted: the copy's stored bytes are recomputed, never copied.
 * No domain events are recorded: an import restores state, it makes no changes a feed should show; the activity
 * feed and the usage meter's state are carried over, and search is rebuilt from the tables at the end.
 */
@ApplicationScoped
class ImportWriter {

    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final TenantDataSource tenantData;
    private final TenantScope scope;
    private final StorageQuota storage;
    private final Event<LimitsChanged> limitsChanged;
    private final TenantDirectory directory;

    ImportWriter(DataSource dataSource, TenantDataSource tenantData, TenantScope scope, StorageQuota storage, Event<LimitsChanged> limitsChanged,
            TenantDirectory directory) {
        this.dataSource = dataSource;
        this.tenantData = tenantData;
        this.scope = scope;
        this.storage = storage;
        this.limitsChanged = limitsChanged;
        this.directory = directory;
    }

    /** Runs SQL on the tenant's tables in a transaction of its own, as the tenant, in the placement that holds it. */
    <T> T inTransaction(TenantId tenant, SqlWork<T> work) {
        return inTransaction(tenant, tenantData, work);
    }

    /** {@code database}: the tenant's placement, or the shared database for global tables (the limits). */
    private <T> T inTransaction(TenantId tenant, DataSource database, SqlWork<T> work) {
        return scope.runAs(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = database.getConnection()) {
                return work.apply(connection);
            }
        }));
    }

    void write(TenantId target, BundleEntity entity, List<ObjectNode> batch, IdMap ids, String actor) {
        inTransaction(target, entity.global() ? dataSource : tenantData, connection -> {
            switch (entity) {
                case LIMITS -> batch.forEach(r -> limits(connection, target, r, actor));
                case SETTINGS -> batch.forEach(r -> settings(connection, target, r, ids));
                case PROJECTS -> projects(connection, target, batch, ids);
                case DOCUMENTS -> documents(connection, target, batch, ids);
                case ACTIVITY -> activity(connection, target, batch, ids);
                case USAGE -> usage(connection, target, batch, ids);
                default -> throw new IllegalArgumentException(entity + " is not written by the import writer");
            }
            return null;
        });
        if (entity == BundleEntity.LIMITS) {
            limitsChanged.fire(new LimitsChanged(target)); // this instance's quota checks use the restored plan at once
            directory.forget(target);
        }
    }

    private void limits(Connection c, TenantId target, ObjectNode r, String actor) {
        run(c, "update tenants set plan = ?, updated_at = now() where id = ?", r.path("plan").asText(), target.value());
        JsonNode overrides = r.path("overrides");
        String columns = String.join(", ", LimitColumns.ALL);
        String updates = LimitColumns.ALL.stream().map(col -> col + " = excluded." + col).reduce((a, b) -> a + ", " + b).orElseThrow();
        Object[] values = new Object[LimitColumns.ALL.size() + 2];
        values[0] = target.value();
        for (int i = 0; i < LimitColumns.ALL.size(); i++) {
            JsonNode value = overrides.path(LimitColumns.field(LimitColumns.ALL.get(i)));
            values[i + 1] = value.isNumber() ? value.asLong() : null;
        }
        values[values.length - 1] = actor;
        if (overrides.isObject()) {
            run(c, "insert into tenant_limits (tenant, " + columns + ", updated_at, updated_by) values (?, ?, ?, ?, ?, ?, ?, now(), ?)"
                    + " on conflict (tenant) do update set " + updates + ", updated_at = now(), updated_by = excluded.updated_by",
                    values);
        } else { // the source had the plan's defaults: so has the copy
            run(c, "update tenant_limits set " + LimitColumns.ALL.stream().map(col -> col + " = null").reduce((a, b) -> a + ", " + b)
                    .orElseThrow() + ", updated_at = now(), updated_by = ? where tenant = ?", actor, target.value());
        }
    }

    private void settings(Connection c, TenantId target, ObjectNode r, IdMap ids) {
        run(c, """
                insert into tenant_settings (tenant_id, id, settings, version, updated_at) values (?, ?, ?::jsonb, ?, ?)
                on conflict (tenant_id) do update set settings = excluded.settings, version = excluded.version,
                       updated_at = excluded.updated_at""", target.value(), ids.derive("settings", uuid(r, "id")),
                r.path("settings").toString(), r.path("version").asLong(), time(r, "updatedAt"));
    }

    private void projects(Connection c, TenantId target, List<ObjectNode> batch, IdMap ids) throws SQLException {
        batch(c, """
                insert into projects (tenant_id, id, slug, name, description, version, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", batch, r -> new Object[] { target.value(),
                ids.of("project", uuid(r, "id")), r.path("slug").asText(), r.path("name").asText(), r.path("description").asText(),
                r.path("version").asLong(), time(r, "createdAt"), time(r, "updatedAt") });
    }

    private void documents(Connection c, TenantId target, List<ObjectNode> batch, IdMap ids) throws SQLException {
        int[] inserted = batch(c, """
                insert into documents (tenant_id, id, project_id, title, body, tags, status, size_bytes, created_by, version,
                                       created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", batch, r -> {
            String[] tags = new String[r.path("tags").size()];
            for (int i = 0; i < tags.length; i++) {
                tags[i] = r.path("tags").get(i).asText();
            }
            return new Object[] { target.value(), ids.of("document", uuid(r, "id")), ids.of("project", uuid(r, "projectId")),
                    r.path("title").asText(), r.path("body").asText(), c.createArrayOf("varchar", tags), r.path("status").asText(),
                    r.path("sizeBytes").asLong(), ids.subject(text(r, "createdBy")), r.path("version").asLong(),
                    time(r, "createdAt"), time(r, "updatedAt") };
        });
        long bytes = 0;
        for (int i = 0; i < inserted.length; i++) {
            bytes += inserted[i] > 0 ? batch.get(i).path("sizeBytes").asLong() : 0;
        }
        storage.charge(bytes); // 403 quota-exceeded rolls this batch back
    }

    private void activity(Connection c, TenantId target, List<ObjectNode> batch, IdMap ids) throws SQLException {
        batch(c, """
                insert into activity_entries (tenant_id, event_id, occurred_at, recorded_at, type, aggregate_type, aggregate_id,
                                              aggregate_version, actor, label)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", batch, r -> new Object[] { target.value(),
                ids.derive("event", uuid(r, "eventId")), time(r, "occurredAt"), time(r, "recordedAt"), r.path("type").asText(),
                r.path("aggregateType").asText(), ids.of(r.path("aggregateType").asText(), uuid(r, "aggregateId")),
                r.path("aggregateVersion").asLong(), ids.actor(text(r, "actor")), text(r, "label") });
    }

    /** The usage meter's state is carried (counters, items, AI usage by month); stored bytes are not: see documents. */
    private void usage(Connection c, TenantId target, List<ObjectNode> batch, IdMap ids) {
        for (ObjectNode r : batch) {
            switch (r.path("table").asText()) {
                case "usage_counters" -> run(c, """
                        insert into usage_counters (tenant_id, members, projects, documents, events) values (?, ?, ?, ?, ?)
                        on conflict (tenant_id) do update set members = excluded.members, projects = excluded.projects,
                               documents = excluded.documents, events = excluded.events, updated_at = now()""",
                        target.value(), r.path("members").asLong(), r.path("projects").asLong(), r.path("documents").asLong(),
                        r.path("events").asLong());
                case "ai_usage" -> run(c, """
                        insert into ai_usage (tenant_id, period, used_tokens, calls) values (?, ?::date, ?, ?)
                        on conflict (tenant_id, period) do update set used_tokens = excluded.used_tokens, calls = excluded.calls,
                               updated_at = now()""", target.value(), r.path("period").asText(), r.path("usedTokens").asLong(),
                        r.path("calls").asLong());
                case "usage_items" -> run(c, """
                        insert into usage_items (tenant_id, kind, id, version, live, size_bytes) values (?, ?, ?, ?, ?, ?)
                        on conflict do nothing""", target.value(), r.path("kind").asText(),
                        ids.of(r.path("kind").asText(), uuid(r, "id")), r.path("version").asLong(), r.path("live").asBoolean(),
                        r.path("sizeBytes").asLong());
                default -> {
                    // storage_usage: recomputed by the documents' quota charges
                }
            }
        }
    }

    interface Row {
        Object[] values(ObjectNode record) throws SQLException;
    }

    private static int[] batch(Connection c, String sql, List<ObjectNode> batch, Row row) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (ObjectNode record : batch) {
                bind(statement, row.values(record));
                statement.addBatch();
            }
            return statement.executeBatch();
        }
    }

    private static void run(Connection c, String sql, Object... values) {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, values);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("import: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, values[i]);
            }
        }
    }

    static UUID uuid(ObjectNode r, String field) {
        return UUID.fromString(r.path(field).asText());
    }

    static String text(ObjectNode r, String field) {
        JsonNode value = r.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static OffsetDateTime time(ObjectNode r, String field) {
        String value = text(r, field);
        return value == null ? null : OffsetDateTime.parse(value);
    }
}
