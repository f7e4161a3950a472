package dev.enclave.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.tenancy.TenantId;

/**
 * Bulk writes of the current tenant's documents into one named index: rebuilds, placement moves and the tombstones
 * of a deleted project. Same rules as {@link TenantSearch}: the tenant is the unit of work's, every request is
 * routed to it, every query filters on it, and hits of another tenant are never acted on.
 */
@ApplicationScoped
class TenantIndexBulk {

    private static final int PAGE = 1000;

    private final SearchClient client;
    private final SearchIndexes indexes;
    private final SearchSources sources;
    private final ForcedRefreshes refreshes;
    private final Provider<TenantId> currentTenant;

    TenantIndexBulk(SearchClient client, SearchIndexes indexes, SearchSources sources, ForcedRefreshes refreshes,
            Provider<TenantId> currentTenant) {
        this.client = client;
        this.indexes = indexes;
        this.sources = sources;
        this.refreshes = refreshes;
        this.currentTenant = currentTenant;
    }

    /** Bulk-writes snapshots into one index; equal versions are rewritten (so they get the new indexed_at). */
    long bulkUpsert(String index, List<SearchDocument> documents, long indexedAt) {
        if (documents.isEmpty()) {
            return 0;
        }
        TenantId tenant = currentTenant.get();
        StringBuilder ndjson = new StringBuilder();
        for (SearchDocument document : documents) {
            sources.appendAction(ndjson, "index", index, tenant, document.id(), document.version(), "external_gte",
                    sources.document(tenant, document, indexedAt));
        }
        long written = bulk(ndjson.toString());
        refreshes.wrote(tenant);
        return written;
    }

    /**
     * Tombstones every document of a deleted project (the database deletes them with it, without events of their
     * own), each one version above what the index has. Documents indexed moments ago must be found too, but without
     * a refresh of the whole index per deleted project ({@link ForcedRefreshes}).
     */
    long tombstoneProject(String alias, UUID projectId) {
        TenantId tenant = currentTenant.get();
        refreshes.awaitSearchable(alias, tenant);
        return forEachPage(alias, SearchQueries.tenantDocuments(tenant, false, projectId, null), (hits, ndjson) -> {
            for (JsonNode hit : hits) {
                UUID id = UUID.fromString(hit.path("_source").path("document_id").asText());
                sources.appendAction(ndjson, "index", alias, tenant, id, hit.path("_version").asLong() + 1, "external",
                        sources.tombstone(tenant, id, projectId, System.currentTimeMillis()));
            }
        });
    }

    /** Removes the tenant's live documents in the index that were last written before {@code before}. */
    long deleteStale(String index, long before) {
        TenantId tenant = currentTenant.get();
        indexes.refresh(index); // the rewritten documents must be visible to the query, or it would see old copies
        return deleteAll(index, SearchQueries.tenantDocuments(tenant, false, null, before));
    }

    /** Copies the tenant's tombstones, with their versions, so a new index keeps refusing late old events. */
    long copyTombstones(String from, String to) {
        TenantId tenant = currentTenant.get();
        return forEachPage(from, SearchQueries.tenantDocuments(tenant, true, null, null), (hits, ndjson) -> {
            for (JsonNode hit : hits) {
                JsonNode source = hit.path("_source");
                UUID id = UUID.fromString(source.path("document_id").asText());
                sources.appendAction(ndjson, "index", to, tenant, id, hit.path("_version").asLong(), "external_gte",
                        sources.tombstone(tenant, id, UUID.fromString(source.path("project_id").asText()),
                                source.path("indexed_at").asLong()));
            }
        });
    }

    /** Removes all of the tenant's documents (live and tombstones) from an index. */
    long purge(String index) {
        TenantId tenant = currentTenant.get();
        indexes.refresh(index);
        return deleteAll(index, SearchQueries.tenantDocuments(tenant, null, null, null));
    }

    /**
     * Deletes what the query matches, each at the version it was seen with ({@code external_gte}): a document
     * written again meanwhile has a higher version and stays. (The local node has no delete-by-query module, and
     * this needs nothing beyond search and bulk.)
     */
    private long deleteAll(String index, ObjectNode query) {
        TenantId tenant = currentTenant.get();
        return forEachPage(index, query, (hits, ndjson) -> {
            for (JsonNode hit : hits) {
                UUID id = UUID.fromString(hit.path("_source").path("document_id").asText());
                sources.appendAction(ndjson, "delete", index, tenant, id, hit.path("_version").asLong(), "external_gte", null);
            }
        });
    }

    /** Pages through the tenant's matching documents (by document id) and sends one bulk request per page. */
    private long forEachPage(String target, ObjectNode query, BiConsumer<List<JsonNode>, StringBuilder> actions) {
        TenantId tenant = currentTenant.get();
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
            JsonNode hits = client.sendAllowingMissing("POST", "/" + target + "/_search", SearchSources.routing(tenant), body)
                    .path("hits").path("hits");
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
}
