package dev.enclave.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;

/**
 * Reads and event writes of tenant documents in the search node (bulk writes: {@link TenantIndexBulk}; the
 * document shapes: {@link SearchSources}; nothing else touches tenant documents). The tenant is always the current
 * unit of work's (injected, set by the HTTP edge or the consumer's tenant turn); callers cannot pass one.
 * Every request gets routing = tenant, every query and delete-by-query a {@code tenant_id} term filter, every
 * document id the form {@code <tenant>:<documentId>} (so a write can never replace another tenant's document), and
 * the index is the alias of the tenant's placement (shared or dedicated, from the tenant registry).
 */
@ApplicationScoped
public class TenantSearch {

    private static final Logger LOG = Logger.getLogger(TenantSearch.class);

    /** Result of an external-versioned write. */
    enum WriteOutcome {
        APPLIED,
        /** The index already holds this version or a newer one: an old or repeated event, nothing to do. */
        ALREADY_NEWER
    }

    private final SearchClient client;
    private final SearchIndexes indexes;
    private final SearchSources sources;
    private final TenantIndexBulk bulk;
    private final ForcedRefreshes refreshes;
    private final Provider<TenantId> currentTenant;
    private final TenantDirectory directory;
    private final SearchConfig config;

    TenantSearch(SearchClient client, SearchIndexes indexes, SearchSources sources, TenantIndexBulk bulk,
            ForcedRefreshes refreshes, Provider<TenantId> currentTenant, TenantDirectory directory, SearchConfig config) {
        this.client = client;
        this.indexes = indexes;
        this.sources = sources;
        this.bulk = bulk;
        this.refreshes = refreshes;
        this.currentTenant = currentTenant;
        this.directory = directory;
        this.config = config;
    }

    // ---- reads

    /** The current tenant's hits for a query; 503 when the search node is unreachable. */
    public SearchResult search(SearchQuery query) {
        return search(alias(), query);
    }

    SearchResult search(String target, SearchQuery query) {
        TenantId tenant = currentTenant.get();
        String text = SearchQueries.text(query.text(), config.maxQueryLength());
        JsonNode answer;
        try {
            answer = client.send("POST", "/" + target + "/_search", SearchSources.routing(tenant), SearchQueries.search(tenant, query, text));
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
        return new SearchResult.Hit(UUID.fromString(source.path("document_id").asText()),
                UUID.fromString(source.path("project_id").asText()), source.path("title").asText(), tags,
                source.path("status").asText(), highlights);
    }

    // ---- writes from events (through the placement's alias)

    /** Indexes a document snapshot unless the index already has this version or a newer one. */
    WriteOutcome upsert(SearchDocument document) {
        TenantId tenant = currentTenant.get();
        WriteOutcome outcome = write(document.id(), document.version(), sources.document(tenant, document, System.currentTimeMillis()));
        refreshes.wrote(tenant); // a project delete right after must find it (tombstones need no such care)
        return outcome;
    }

    /**
     * Replaces the document with a content-free tombstone at the delete's version. A real delete would be
     * forgotten by the node after {@code index.gc_deletes} (60 s), and a late update could then bring the document
     * back; a tombstone keeps refusing older versions. Queries only match {@code deleted: false}.
     */
    WriteOutcome tombstone(UUID documentId, UUID projectId, long version) {
        return write(documentId, version, sources.tombstone(currentTenant.get(), documentId, projectId, System.currentTimeMillis()));
    }

    /**
     * Tombstones every document of a deleted project (the database deletes them with it, without events of their
     * own), each one version above what the index has.
     */
    long deleteProject(UUID projectId) {
        return bulk.tombstoneProject(alias(), projectId);
    }

    private WriteOutcome write(UUID documentId, long version, ObjectNode source) {
        TenantId tenant = currentTenant.get();
        Placement placement = placement(tenant);
        String alias = indexes.alias(tenant, placement);
        Map<String, String> params = new HashMap<>(SearchSources.routing(tenant));
        params.put("version", Long.toString(version));
        params.put("version_type", "external");
        // A missing alias must not auto-create a plain index with a guessed mapping.
        params.put("require_alias", "true");
        String endpoint = "/" + alias + "/_doc/" + SearchSources.documentId(tenant, documentId);
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

    /** The index or alias the current tenant reads and writes through. */
    String alias() {
        TenantId tenant = currentTenant.get();
        return indexes.alias(tenant, placement(tenant));
    }

    private Placement placement(TenantId tenant) {
        return Placement.fromDb(directory.registered(tenant).searchPlacement());
    }
}
