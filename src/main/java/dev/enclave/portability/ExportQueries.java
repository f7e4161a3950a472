package dev.enclave.portability;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an export reads for each entity: the SQL (every {@code ?} is the tenant id; tenant tables are read under
 * RLS as the tenant and also name the tenant, so their primary key index serves the order) and each row as an
 * NDJSON record. Times are ISO-8601 instants in UTC; every query has a total order, so an export is reproducible.
 */
final class ExportQueries {

    interface RowMapper {
        ObjectNode map(ResultSet row) throws SQLException;
    }

    /** One query of an entity: {@code count} counts what {@code select} reads (in the same snapshot). */
    record Query(String count, String select, RowMapper mapper) {
    }

    private final ObjectMapper json;

    ExportQueries(ObjectMapper json) {
        this.json = json;
    }

    List<Query> of(BundleEntity entity) {
        return switch (entity) {
            case MEMBERS -> List.of(new Query("select count(*) from members where tenant_id = ?", """
                    select id, subject, email, display_name, role, version, created_at, updated_at
                      from members where tenant_id = ? order by id""", r -> record()
                    .put("id", r.getString("id")).put("subject", r.getString("subject")).put("email", r.getString("email"))
                    .put("displayName", r.getString("display_name")).put("role", r.getString("role"))
                    .put("version", r.getLong("version")).put("createdAt", instant(r, "created_at"))
                    .put("updatedAt", instant(r, "updated_at"))));
            case PROJECTS -> List.of(new Query("select count(*) from projects where tenant_id = ?", """
                    select id, slug, name, description, version, created_at, updated_at
                      from projects where tenant_id = ? order by id""", r -> record()
                    .put("id", r.getString("id")).put("slug", r.getString("slug")).put("name", r.getString("name"))
                    .put("description", r.getString("description")).put("version", r.getLong("version"))
                    .put("createdAt", instant(r, "created_at")).put("updatedAt", instant(r, "updated_at"))));
            case DOCUMENTS -> List.of(new Query("select count(*) from documents where tenant_id = ?", """
                    select d.id, d.project_id, p.slug, d.title, d.body, d.tags, d.status, d.size_bytes, d.created_by,
                           d.version, d.created_at, d.updated_at
                      from documents d join projects p on p.tenant_id = d.tenant_id and p.id = d.project_id
                     where d.tenant_id = ? order by d.id""", this::document));
            case SETTINGS -> List.of(new Query("select count(*) from tenant_settings where tenant_id = ?", """
                    select id, settings::text as settings, version, updated_at
                      from tenant_settings where tenant_id = ? order by id""", r -> record()
                    .put("id", r.getString("id")).<ObjectNode>set("settings", tree(r.getString("settings")))
                    .put("version", r.getLong("version")).put("updatedAt", instant(r, "updated_at"))));
            case LIMITS -> List.of(new Query("select count(*) from tenants where id = ?", """
                    select t.plan, l.tenant as overridden, l.requests_per_second, l.burst, l.max_in_flight, l.storage_bytes,
                           l.ai_tokens_per_month, l.background_concurrency, l.updated_at, l.updated_by
                      from tenants t left join tenant_limits l on l.tenant = t.id where t.id = ?""", this::limits));
            case USAGE -> usage();
            case ACTIVITY -> List.of(new Query("select count(*) from activity_entries where tenant_id = ?", """
                    select event_id, occurred_at, recorded_at, type, aggregate_type, aggregate_id, aggregate_version, actor, label
                      from activity_entries where tenant_id = ? order by occurred_at, event_id""", r -> record()
                    .put("eventId", r.getString("event_id")).put("occurredAt", instant(r, "occurred_at"))
                    .put("recordedAt", instant(r, "recorded_at")).put("type", r.getString("type"))
                    .put("aggregateType", r.getString("aggregate_type")).put("aggregateId", r.getString("aggregate_id"))
                    .put("aggregateVersion", r.getLong("aggregate_version")).put("actor", r.getString("actor"))
                    .put("label", r.getString("label"))));
            // The global audit log, by its tenant columns (either may name the tenant; both are indexed).
            case AUDIT -> List.of(new Query("select count(*) from audit_log where target_tenant = ? or actor_tenant = ?", """
                    select id, occurred_at, actor, actor_tenant, target_tenant, resource, action, outcome, reason, request_id
                      from audit_log where target_tenant = ? or actor_tenant = ? order by id""", r -> record()
                    .put("id", r.getLong("id")).put("occurredAt", instant(r, "occurred_at")).put("actor", r.getString("actor"))
                    .put("actorTenant", r.getString("actor_tenant")).put("targetTenant", r.getString("target_tenant"))
                    .put("resource", r.getString("resource")).put("action", r.getString("action"))
                    .put("outcome", r.getString("outcome")).put("reason", r.getString("reason"))
                    .put("requestId", r.getString("request_id"))));
        };
    }

    private List<Query> usage() {
        return List.of(
                new Query("select count(*) from storage_usage where tenant_id = ?",
                        "select used_bytes, updated_at from storage_usage where tenant_id = ?", r -> record()
                        .put("table", "storage_usage").put("usedBytes", r.getLong("used_bytes"))
                        .put("updatedAt", instant(r, "updated_at"))),
                new Query("select count(*) from usage_counters where tenant_id = ?",
                        "select members, projects, documents, events, updated_at from usage_counters where tenant_id = ?",
                        r -> record().put("table", "usage_counters").put("members", r.getLong("members"))
                        .put("projects", r.getLong("projects")).put("documents", r.getLong("documents"))
                        .put("events", r.getLong("events")).put("updatedAt", instant(r, "updated_at"))),
                new Query("select count(*) from ai_usage where tenant_id = ?", """
                        select period::text as period, used_tokens, calls, updated_at from ai_usage where tenant_id = ?
                         order by period""", r -> record().put("table", "ai_usage").put("period", r.getString("period"))
                        .put("usedTokens", r.getLong("used_tokens")).put("calls", r.getLong("calls"))
                        .put("updatedAt", instant(r, "updated_at"))),
                new Query("select count(*) from usage_items where tenant_id = ?", """
                        select kind, id, version, live, size_bytes from usage_items where tenant_id = ? order by kind, id""",
                        r -> record().put("table", "usage_items").put("kind", r.getString("kind")).put("id", r.getString("id"))
                        .put("version", r.getLong("version")).put("live", r.getBoolean("live"))
                        .put("sizeBytes", r.getLong("size_bytes"))));
    }

    private ObjectNode document(ResultSet r) throws SQLException {
        ArrayNode tags = json.createArrayNode();
        Array array = r.getArray("tags");
        for (Object tag : (Object[]) array.getArray()) {
            tags.add((String) tag);
        }
        return record().put("id", r.getString("id")).put("projectId", r.getString("project_id"))
                .put("projectSlug", r.getString("slug")).put("title", r.getString("title")).put("body", r.getString("body"))
                .<ObjectNode>set("tags", tags).put("status", r.getString("status")).put("sizeBytes", r.getLong("size_bytes"))
                .put("createdBy", r.getString("created_by")).put("version", r.getLong("version"))
                .put("createdAt", instant(r, "created_at")).put("updatedAt", instant(r, "updated_at"));
    }

    private ObjectNode limits(ResultSet r) throws SQLException {
        ObjectNode record = record().put("plan", r.getString("plan"));
        if (r.getString("overridden") == null) {
            return record.putNull("overrides");
        }
        ObjectNode overrides = record.putObject("overrides");
        for (String column : LimitColumns.ALL) {
            long value = r.getLong(column);
            if (r.wasNull()) {
                overrides.putNull(LimitColumns.field(column));
            } else {
                overrides.put(LimitColumns.field(column), value);
            }
        }
        return record.put("updatedAt", instant(r, "updated_at")).put("updatedBy", r.getString("updated_by"));
    }

    private ObjectNode record() {
        return json.createObjectNode();
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant().toString();
    }
}
