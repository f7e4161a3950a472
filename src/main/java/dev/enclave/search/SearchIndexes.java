package dev.enclave.search;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.tenancy.TenantId;

/**
 * Index names, the index definition, and index/alias administration. Tenant data never passes through here.
 *
 * <p>Naming scheme ({@code P} = {@code enclave.search.index-prefix}):
 * <ul>
 * <li>shared: alias {@code P-shared} over index {@code P-shared.v<n>}</li>
 * <li>dedicated tenant {@code t}: alias {@code P-t-<t>} over index {@code P-t-<t>.v<n>}</li>
 * </ul>
 * Reads and writes always go through the alias; a new generation {@code .v<n+1>} is built beside the current one
 * and the alias is swapped atomically. Tenant ids cannot contain a dot, so no alias can be mistaken for an index,
 * and {@code -t-} keeps a tenant called "shared" apart from the shared alias.
 */
@ApplicationScoped
class SearchIndexes {

    private static final Logger LOG = Logger.getLogger(SearchIndexes.class);
    private static final Pattern GENERATION = Pattern.compile("\\.v(\\d+)$");

    private final SearchClient client;
    private final SearchConfig config;
    private final ObjectMapper json;

    SearchIndexes(SearchClient client, SearchConfig config, ObjectMapper json) {
        this.client = client;
        this.config = config;
        this.json = json;
    }

    /**
     * Creates the shared index at startup when it is missing, so the first write does not race the first search
     * while its shard starts. Best effort: with the node down the service starts anyway (the first write creates it).
     */
    void atStartup(@Observes StartupEvent event) {
        try {
            String index = ensure(sharedAlias(), true);
            if (!scoresTenantLocally(index)) {
                LOG.warnf("search: index %s predates tenant-local scoring, so its scores depend on every tenant's documents;"
                        + " roll the current definition out: POST /admin/v1/search/rollout", index);
            }
        } catch (RuntimeException e) {
            LOG.warnf("search: shared index not checked at startup (%s); it is created on first use", e.getMessage());
        }
    }

    /** Whether the index was created with the current scoring (an index created before it keeps BM25). */
    boolean scoresTenantLocally(String index) {
        JsonNode settings = client.send("GET", "/" + index + "/_settings", Map.of("filter_path", "*.settings.index.similarity"), null);
        return settings.path(index).path("settings").path("index").path("similarity").has("tenant_local");
    }

    SearchConfig config() {
        return config;
    }

    String sharedAlias() {
        return config.indexPrefix() + "-shared";
    }

    String dedicatedAlias(TenantId tenant) {
        return config.indexPrefix() + "-t-" + tenant.value();
    }

    String alias(TenantId tenant, Placement placement) {
        return placement == Placement.DEDICATED ? dedicatedAlias(tenant) : sharedAlias();
    }

    static String generation(String alias, int n) {
        return alias + ".v" + n;
    }

    /** The index the alias points at now, if the alias exists. */
    Optional<String> current(String alias) {
        JsonNode answer = client.sendAllowingMissing("GET", "/_alias/" + alias, Map.of(), null);
        Iterator<String> names = answer.isObject() ? answer.fieldNames() : java.util.Collections.emptyIterator();
        return names.hasNext() ? Optional.of(names.next()) : Optional.empty();
    }

    /** The next generation's index name for an alias: {@code .v1} when none exists yet. */
    String next(String alias) {
        return current(alias).map(index -> {
            Matcher m = GENERATION.matcher(index);
            return generation(alias, m.find() ? Integer.parseInt(m.group(1)) + 1 : 1);
        }).orElse(generation(alias, 1));
    }

    /** Creates the alias with a first index when it does not exist yet; safe to call concurrently and repeatedly. */
    String ensure(String alias, boolean shared) {
        Optional<String> existing = current(alias);
        if (existing.isPresent()) {
            return existing.get();
        }
        String index = generation(alias, 1);
        ObjectNode body = definition(shared);
        body.putObject("aliases").putObject(alias);
        try {
            client.send("PUT", "/" + index, Map.of(), body);
        } catch (SearchRejectedException e) {
            if (!"resource_already_exists_exception".equals(e.errorType())) {
                throw e;
            }
        }
        return index;
    }

    /** Creates a concrete index (no alias) with the current definition; an existing one is kept. */
    void create(String index, boolean shared) {
        try {
            client.send("PUT", "/" + index, Map.of(), definition(shared));
        } catch (SearchRejectedException e) {
            if (!"resource_already_exists_exception".equals(e.errorType())) {
                throw e;
            }
        }
    }

    /** Points the alias at {@code to} and away from {@code from} in one atomic request. */
    void swap(String alias, String from, String to) {
        ObjectNode body = json.createObjectNode();
        var actions = body.putArray("actions");
        if (from != null) {
            actions.addObject().putObject("remove").put("index", from).put("alias", alias);
        }
        actions.addObject().putObject("add").put("index", to).put("alias", alias);
        client.send("POST", "/_aliases", Map.of(), body);
    }

    void delete(String index) {
        client.sendAllowingMissing("DELETE", "/" + index, Map.of(), null);
    }

    void refresh(String indexOrAlias) {
        client.send("POST", "/" + indexOrAlias + "/_refresh", Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), null);
    }

    /** Settings and mappings of every documents index, shared or dedicated. */
    ObjectNode definition(boolean shared) {
        try {
            ObjectNode body = (ObjectNode) json.readTree(DEFINITION.replace("TENANT_LOCAL_SCORING", TENANT_LOCAL_SCORING));
            ObjectNode index = (ObjectNode) body.path("settings").path("index");
            index.put("number_of_shards", shared ? config.sharedShards() : 1);
            index.put("number_of_replicas", config.replicas());
            index.put("refresh_interval", config.refreshInterval());
            return body;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("index definition is not valid JSON", e);
        }
    }

    /**
     * Scores that depend on nothing but the document and the query. BM25 (the default) weighs a word by how many
     * documents of the shard hold it: in the shared index, every tenant's documents, so a tenant could learn from
     * its own scores how often a word occurs in other tenants' documents (issue 17, M1). This scoring uses the
     * word's frequency in the field and the field's length, both the document's own; ranking, highlights (the
     * highlighter's passage scores are per document too) and cursors then depend only on the tenant's own data.
     */
    static final String TENANT_LOCAL_SCORING = "double tf = Math.sqrt(doc.freq); return query.boost * tf / Math.sqrt(doc.length);";

    /**
     * English text with accent folding; scoring that leaves out other documents' statistics ({@link #TENANT_LOCAL_SCORING}); {@code tenant_id} a keyword; routing required (a write without the
     * tenant's routing is refused by the node itself); strict mapping so no stray field can appear.
     * {@code deleted} marks tombstones (see {@link TenantSearch#tombstone}); {@code indexed_at} lets a rebuild
     * remove what it did not rewrite.
     */
    private static final String DEFINITION = """
            {
              "settings": {
                "index": {},
                "similarity": {
                  "tenant_local": {"type": "scripted", "script": {"source": "TENANT_LOCAL_SCORING"}}
                },
                "analysis": {
                  "filter": {
                    "english_possessive": {"type": "stemmer", "language": "possessive_english"},
                    "english_stop": {"type": "stop", "stopwords": "_english_"},
                    "english_stemmer": {"type": "stemmer", "language": "english"}
                  },
                  "analyzer": {
                    "enclave_english": {
                      "type": "custom",
                      "tokenizer": "standard",
                      "filter": ["english_possessive", "lowercase", "asciifolding", "english_stop", "english_stemmer"]
                    }
                  }
                }
              },
              "mappings": {
                "dynamic": "strict",
                "_routing": {"required": true},
                "properties": {
                  "tenant_id": {"type": "keyword"},
                  "document_id": {"type": "keyword"},
                  "project_id": {"type": "keyword"},
                  "title": {"type": "text", "analyzer": "enclave_english", "similarity": "tenant_local"},
                  "body": {"type": "text", "analyzer": "enclave_english", "index_options": "offsets", "similarity": "tenant_local"},
                  "tags": {"type": "keyword", "fields": {"text": {"type": "text", "analyzer": "enclave_english", "similarity": "tenant_local"}}},
                  "status": {"type": "keyword"},
                  "deleted": {"type": "boolean"},
                  "indexed_at": {"type": "date", "format": "epoch_millis"},
                  "updated_at": {"type": "date"}
                }
              }
            }
            """;
}
