package dev.enclave.search;

import java.util.Iterator;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;

/**
 * Counts and removes every search document of one tenant, for the offboarding purge (dev.enclave.offboarding):
 * its documents in any index of this deployment (shared, old generations, tombstones included) and its dedicated
 * indexes. Unlike {@link TenantSearch} the tenant is an argument: the purge is about a tenant that is no longer
 * served, and runs as no tenant at all. Searching across every index with a {@code tenant_id} term finds the
 * tenant's documents wherever an earlier placement move left them.
 */
@ApplicationScoped
public class TenantSearchPurge {

    private static final Map<String, String> ALL_INDEXES = Map.of("ignore_unavailable", "true", "allow_no_indices", "true",
            "expand_wildcards", "open");

    private static final int PAGE = 1000;

    private final SearchClient client;
    private final SearchIndexes indexes;
    private final ObjectMapper json;

    TenantSearchPurge(SearchClient client, SearchIndexes indexes, ObjectMapper json) {
        this.client = client;
        this.indexes = indexes;
        this.json = json;
    }

    /** The tenant's documents in every index of this deployment, counted by the node (after a refresh). */
    public long count(TenantId tenant) {
        return guarded(() -> {
            client.send("POST", "/" + everyIndex() + "/_refresh", ALL_INDEXES, null);
            return client.send("POST", "/" + everyIndex() + "/_count", ALL_INDEXES, tenantQuery(tenant)).path("count").asLong();
        });
    }

    /** Deletes the tenant's dedicated indexes (every generation), then its documents wherever else they are (tombstones too:
     * the tenant is no longer served, so no late event can bring a document back). */
    public void purge(TenantId tenant) {
        guarded(() -> {
            JsonNode dedicated = client.sendAllowingMissing("GET", "/" + dedicatedIndexes(tenant), ALL_INDEXES, null);
            for (Iterator<String> names = dedicated.fieldNames(); names.hasNext();) {
                indexes.delete(names.next());
            }
            // The local node has no delete-by-query module (see TenantIndexBulk): page through the tenant's documents
            // and delete each page with a bulk request, until none is found.
            for (int page = 0; page < 100_000; page++) {
                JsonNode hits = client.send("POST", "/" + everyIndex() + "/_search", ALL_INDEXES, page(tenant)).path("hits").path("hits");
                if (hits.isEmpty()) {
                    break;
                }
                StringBuilder ndjson = new StringBuilder();
                for (JsonNode hit : hits) {
                    ObjectNode delete = json.createObjectNode();
                    delete.putObject("delete").put("_index", hit.path("_index").asText()).put("_id", hit.path("_id").asText())
                            .put("routing", hit.path("_routing").asText(tenant.value()));
                    ndjson.append(delete).append('\n');
                }
                JsonNode answer = client.bulk("/_bulk", Map.of("refresh", "true"), ndjson.toString());
                for (JsonNode item : answer.path("items")) {
                    int status = item.path("delete").path("status").asInt();
                    if (status != 200 && status != 404) { // 404: gone already
                        throw new SearchUnavailableException("search node did not delete a document: " + status, null);
                    }
                }
            }
            return 0L;
        });
    }

    private String everyIndex() {
        return indexes.config().indexPrefix() + "-*";
    }

    /** {@code P-t-<t>.v*}: a tenant id has no dot, so this never matches another tenant's ({@code P-t-<t>-x}). */
    private String dedicatedIndexes(TenantId tenant) {
        return indexes.dedicatedAlias(tenant) + ".v*";
    }

    private ObjectNode page(TenantId tenant) {
        ObjectNode body = tenantQuery(tenant);
        body.put("size", PAGE);
        body.put("_source", false);
        return body;
    }

    private ObjectNode tenantQuery(TenantId tenant) {
        ObjectNode body = json.createObjectNode();
        body.putObject("query").putObject("term").put("tenant_id", tenant.value());
        return body;
    }

    private static long guarded(java.util.function.LongSupplier call) {
        try {
            return call.getAsLong();
        } catch (SearchUnavailableException e) {
            throw new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE, "search is unavailable", java.time.Duration.ofSeconds(5));
        }
    }
}
