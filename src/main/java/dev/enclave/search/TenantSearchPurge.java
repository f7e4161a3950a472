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

    /** Deletes the tenant's dedicated indexes (every generation), then its documents wherever else they are. */
    public void purge(TenantId tenant) {
        guarded(() -> {
            JsonNode dedicated = client.sendAllowingMissing("GET", "/" + dedicatedIndexes(tenant), ALL_INDEXES, null);
            for (Iterator<String> names = dedicated.fieldNames(); names.hasNext();) {
                indexes.delete(names.next());
            }
            Map<String, String> params = new java.util.HashMap<>(ALL_INDEXES);
            params.put("conflicts", "proceed");
            params.put("refresh", "true");
            client.send("POST", "/" + everyIndex() + "/_delete_by_query", params, tenantQuery(tenant));
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
