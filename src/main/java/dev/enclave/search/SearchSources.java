package dev.enclave.search;

import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.tenancy.TenantId;

/**
 * What the search node stores for a tenant's document, and under which id and routing: the one place that shapes
 * indexed documents, for event writes ({@link TenantSearch}) and bulk writes ({@link TenantIndexBulk}) alike.
 */
@Singleton
class SearchSources {

    private final ObjectMapper json;

    SearchSources(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode document(TenantId tenant, SearchDocument document, long indexedAt) {
        ObjectNode source = json.createObjectNode();
        source.put("tenant_id", tenant.value());
        source.put("document_id", document.id().toString());
        source.put("project_id", document.projectId().toString());
        source.put("title", document.title());
        source.put("body", document.body());
        var tags = source.putArray("tags");
        document.tags().forEach(tags::add);
        source.put("status", document.status());
        source.put("deleted", false);
        source.put("indexed_at", indexedAt);
        if (document.updatedAt() != null) {
            source.put("updated_at", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(document.updatedAt()));
        }
        return source;
    }

    ObjectNode tombstone(TenantId tenant, UUID documentId, UUID projectId, long indexedAt) {
        ObjectNode source = json.createObjectNode();
        source.put("tenant_id", tenant.value());
        source.put("document_id", documentId.toString());
        source.put("project_id", projectId.toString());
        source.put("deleted", true);
        source.put("indexed_at", indexedAt);
        return source;
    }

    /** A bulk action line ({@code index} or {@code delete}), followed by its source when it has one. */
    void appendAction(StringBuilder ndjson, String action, String index, TenantId tenant, UUID id, long version,
            String versionType, ObjectNode source) {
        ObjectNode line = json.createObjectNode();
        line.putObject(action)
                .put("_index", index)
                .put("_id", documentId(tenant, id))
                .put("routing", tenant.value())
                .put("version", version)
                .put("version_type", versionType);
        ndjson.append(line).append('\n');
        if (source != null) {
            ndjson.append(source).append('\n');
        }
    }

    /** {@code <tenant>:<documentId>}: a write can never replace another tenant's document. */
    static String documentId(TenantId tenant, UUID documentId) {
        return tenant.value() + ":" + documentId;
    }

    static Map<String, String> routing(TenantId tenant) {
        return Map.of("routing", tenant.value());
    }
}
