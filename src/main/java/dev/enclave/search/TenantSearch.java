package dev.enclave.search;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.NoTenantException;
import dev.enclave.tenancy.TenantContext;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;

/**
 * The only code that reads or writes tenant documents in the search node. The tenant is always the current unit
 * of work's ({@link TenantContext}, set by the HTTP edge or {@code TenantScope.runAs}); callers cannot pass one.
 * Every request gets routing = tenant, every query and delete-by-query a {@code tenant_id} term filter, every
 * document id the form {@code <tenant>:<documentId>} (so a write can never replace another tenant's document), and
 * the index is the alias of the tenant's placement (shared or dedicated, from the tenant registry).
 */
@ApplicationScoped
public class TenantSearch {

    private static final Logger LOG = Logger.getLogger(TenantSearch.class);
    private static final int PAGE = 1000;

    /** Result of an external-versioned write. */
    enum WriteOutcome {
        APPLIED,
        /** The index already holds this version or a newer one: an old or repeated event, nothing to do. */
        ALREADY_NEWER
    }

    private final SearchClient client;
    private final SearchIndexes indexes;
    private final TenantContext context;
    private final TenantDirectory directory;
    private final SearchConfig config;
    private final ObjectMapper json;

    TenantSearch(SearchClient client, SearchIndexes indexes, TenantContext context, TenantDirectory directory,
            SearchConfig config, ObjectMapper json) {
        this.client = client;
        this.indexes = indexes;
        this.context = context;
        this.directory = directory;
        this.config = config;
        this.json = json;
    }

    // ---- reads

    /** The current tenant's hits for a query; 503 when the search node is unreachable. */
    public SearchResult search(SearchQuery query) {
        return search(alias(), query);
    }

    SearchResult search(String target, SearchQuery query) {
        TenantId tenant = context.get();
        String text = SearchQueries.text(query.text(), config.maxQueryLength());
        JsonNode answer;
        try {
            answer = client.send("POST", "/" + target + "/_search", routing(tenant), SearchQueries.search(tenant, query, text));
        } catch (SearchRejectedException e) {
            if (e.status() == 404) {
                return new SearchResult(0, List.of(), null); // nothing indexed for this placement yet
            }
            // lenient simple_query_string should not be refused; if it is, it is the caller's text, not a 500
            LOG.warnf("search refused by the node: %s", e.errorType());
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "the search text could not be used; simplify it");
        }
        List<SearchResult.Hit> hits = new ArrayList<>();
        List<JsonNode> sortValues = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            JsonNode source = hit.path("_source");
            if (!tenant.value().equals(source.path("tenant_id").asText())) {
                // Cannot happen while every query carries the filter; if it ever does, the hit is not shown.
                LOG.errorf("search returned a document of another tenant; dropped (index %s)", hit.path("_index").asText());
                continue;
            }
            hits.add(hit(hit, source));
            sortValues.add(hit.path("sort"));
        }
        String next = null;
        if (hits.size() > query.limit()) {
            hits = hits.subList(0, query.limit());
            JsonNode last = sortValues.get(query.limit() - 1);
            next = new SearchCursor(last.path(0).asDouble(), UUID.fromString(last.path(1).asText())).encode();
        }
        return new SearchResult(answer.path("hits").path("total").path("value").asLong(), List.copyOf(hits), next);
    }

    private SearchResult.Hit hit(JsonNode hit, JsonNode source) {
        List<String> tags = new ArrayList<>();
        source.path("tags").forEach(t -> tags.add(t.asText()));
        Map<String, List<String>> highlights = new LinkedHashMap<>();
        hit.path("highlight").fields().forEachRemaining(field -> {
            List<String> fragments = new ArrayList<>();
            field.getValue().forEach(f -> fragments.add(f.asText()));
            highlights.put(field.getKey(), fragments);
        });
        double score = hit.path("_score").isNumber() ? hit.path("_score").asDouble() : hit.path("sort").path(0).asDouble();
        return new SearchResult.Hit(UUID.fromString(source.path("document_id").asText()),
                UUID.fromString(source.path("project_id").asText()), source.path("title").asText(), tags,
                source.path("status").asText(), score, highlights);
    }

    // ---- writes from events (through the placement's alias)

    /** Indexes a document snapshot unless the index already has this version or a newer one. */
    WriteOutcome upsert(SearchDocument document) {
        return write(document.id(), document.version(), source(document, System.currentTimeMillis()));
    }

    /**
     * Replaces the document with a content-free tombstone at the delete's version. A real delete would be
     * forgotten by the node after {@code index.gc_deletes} (60 s), and a late update could then bring the document
     * back; a tombstone keeps refusing older versions. Queries only match {@code deleted: false}.
     */
    WriteOutcome tombstone(UUID documentId, UUID projectId, long version) {
        return write(documentId, version, tombstoneSource(documentId, projectId, System.currentTimeMillis()));
    }

    /**
     * Tombstones every document of a deleted project (the database deletes them with it, without events of their
     * own), each one version above what the index has.
     */
    long deleteProject(UUID projectId) {
        TenantId tenant = context.get();
        String alias = alias();
        indexes.refresh(alias); // documents indexed moments ago must be found too
        return forEachPage(alias, SearchQueries.tenantDocuments(tenant, false, projectId, null), (hits, ndjson) -> {
            for (JsonNode hit : hits) {
                UUID id = UUID.fromString(hit.path("_source").path("document_id").asText());
                appendAction(ndjson, "index", alias, tenant, id, hit.path("_version").asLong() + 1, "external",
                        tombstoneSource(id, projectId, System.currentTimeMillis()));
            }
        });
    }

    private WriteOutcome write(UUID documentId, long version, ObjectNode source) {
        TenantId tenant = context.get();
        Placement placement = placement(tenant);
        String alias = indexes.alias(tenant, placement);
        Map<String, String> params = new HashMap<>(routing(tenant));
        params.put("version", Long.toString(version));
        params.put("version_type", "external");
        // A missing alias must not auto-create a plain index with a guessed mapping.
        params.put("require_alias", "true");
        String endpoint = "/" + alias + "/_doc/" + documentId(tenant, documentId);
        for (int attempt = 0;; attempt++) {
            try {
                client.send("PUT", endpoint, params, source);
                return WriteOutcome.APPLIED;
            } catch (SearchRejectedException e) {
                if (e.status() == 409) {
                    return WriteOutcome.ALREADY_NEWER;
                }
                if (e.status() == 404 && attempt == 0) {
                    indexes.ensure(alias, placement == Placement.SHARED);
                    continue;
                }
                throw e;
            }
        }
    }

    // ---- rebuilds (explicit physical index; the tenant is still the context's)

    /** Bulk-writes snapshots into one index; equal versions are rewritten (so they get the new indexed_at). */
    long bulkUpsert(String index, List<SearchDocument> documents, long indexedAt) {
        if (documents.isEmpty()) {
            return 0;
        }
        TenantId tenant = context.get();
        StringBuilder ndjson = new StringBuilder();
        for (SearchDocument document : documents) {
            appendAction(ndjson, "index", index, tenant, document.id(), document.version(), "external_gte", source(document, indexedAt));
        }
        return bulk(ndjson.toString());
    }

    /** Removes the tenant's live documents in the index that were last written before {@code before}. */
    long deleteStale(String index, long before) {
        TenantId tenant = context.get();
        indexes.refresh(index); // the rewritten documents must be visible to the query, or it would see old copies
        return deleteAll(index, SearchQueries.tenantDocuments(tenant, false, null, before));
    }

    /** Copies the tenant's tombstones, with their versions, so a new index keeps refusing late old events. */
    long copyTombstones(String from, String to) {
        TenantId tenant = context.get();
        return forEachPage(from, SearchQueries.tenantDocuments(tenant, true, null, null), (hits, ndjson) -> {
            for (JsonNode hit : hits) {
                JsonNode source = hit.path("_source");
                UUID id = UUID.fromString(source.path("document_id").asText());
                appendAction(ndjson, "index", to, tenant, id, hit.path("_version").asLong(), "external_gte",
                        tombstoneSource(id, UUID.fromString(source.path("project_id").asText()), source.path("indexed_at").asLong()));
            }
        });
    }

    /** Removes all of the tenant's documents (live and tombstones) from an index. */
    long purge(String index) {
        TenantId tenant = context.get();
        indexes.refresh(index);
        return deleteAll(index, SearchQueries.tenantDocuments(tenant, null, null, null));
    }

    /**
     * Deletes what the query matches, each at the version it was seen with ({@code external_gte}): a document
     * written again meanwhile has a higher version and stays. (The local node has no delete-by-query module, and
     * this needs nothing beyond search and bulk.)
     */
    private long deleteAll(String index, ObjectNode query) {
        TenantId tenant = context.get();
        return forEachPage(index, query, (hits, ndjson) -> {
            for (JsonNode hit : hits) {
                UUID id = UUID.fromString(hit.path("_source").path("document_id").asText());
                appendAction(ndjson, "delete", index, tenant, id, hit.path("_version").asLong(), "external_gte", null);
            }
        });
    }

    /** Pages through the tenant's matching documents (by document id) and sends one bulk request per page. */
    private long forEachPage(String target, ObjectNode query, java.util.function.BiConsumer<List<JsonNode>, StringBuilder> actions) {
        TenantId tenant = context.get();
        long done = 0;
        JsonNode after = null;
        for (int page = 0; page < 1_000_000; page++) { // bounded: a page per thousand documents
            ObjectNode body = query.deepCopy();
            body.put("size", PAGE);
            body.put("version", true);
            body.putObject("_source").putArray("includes").add("tenant_id").add("document_id").add("project_id").add("indexed_at");
            body.putArray("sort").addObject().put("document_id", "asc");
            if (after != null) {
                body.set("search_after", after);
            }
            JsonNode hits = client.sendAllowingMissing("POST", "/" + target + "/_search", routing(tenant), body).path("hits").path("hits");
            List<JsonNode> own = new ArrayList<>();
            for (JsonNode hit : hits) {
                if (tenant.value().equals(hit.path("_source").path("tenant_id").asText())) {
                    own.add(hit);
                }
                after = hit.path("sort");
            }
            StringBuilder ndjson = new StringBuilder();
            actions.accept(own, ndjson);
            done += bulk(ndjson.toString());
            if (hits.size() < PAGE) {
                break;
            }
        }
        return done;
    }

    /** The index or alias the current tenant reads and writes through. */
    String alias() {
        TenantId tenant = context.get();
        return indexes.alias(tenant, placement(tenant));
    }

    private long bulk(String ndjson) {
        if (ndjson.isEmpty()) {
            return 0;
        }
        JsonNode answer = client.bulk("/_bulk", Map.of(), ndjson);
        long written = 0;
        for (JsonNode item : answer.path("items")) {
            JsonNode result = item.elements().hasNext() ? item.elements().next() : item;
            int status = result.path("status").asInt();
            if (status == 200 || status == 201) {
                written++;
            } else if (status == 404 && item.has("delete")) {
                continue; // already gone
            } else if (status == 429 || status >= 500) {
                throw new SearchUnavailableException("search node refused part of a bulk request: " + status, null);
            } else if (status != 409) { // 409: the index already has a newer version, which is what we want
                throw new SearchRejectedException(status, result.path("error").path("type").asText("unknown"));
            }
        }
        return written;
    }

    private void appendAction(StringBuilder ndjson, String action, String index, TenantId tenant, UUID id, long version,
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

    private ObjectNode source(SearchDocument document, long indexedAt) {
        ObjectNode source = json.createObjectNode();
        source.put("tenant_id", context.get().value());
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

    private ObjectNode tombstoneSource(UUID documentId, UUID projectId, long indexedAt) {
        ObjectNode source = json.createObjectNode();
        source.put("tenant_id", context.get().value());
        source.put("document_id", documentId.toString());
        source.put("project_id", projectId.toString());
        source.put("deleted", true);
        source.put("indexed_at", indexedAt);
        return source;
    }

    private Placement placement(TenantId tenant) {
        return directory.find(tenant).map(view -> Placement.fromDb(view.searchPlacement()))
                .orElseThrow(() -> new NoTenantException("tenant is not registered"));
    }

    static String documentId(TenantId tenant, UUID documentId) {
        return tenant.value() + ":" + documentId;
    }

    private static Map<String, String> routing(TenantId tenant) {
        return Map.of("routing", tenant.value());
    }
}
