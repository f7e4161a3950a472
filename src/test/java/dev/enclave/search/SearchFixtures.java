package dev.enclave.search;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import dev.enclave.events.DomainEvent;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.testing.Persona;

/**
 * Shared steps of the search tests: documents written through the real API, the matching domain events (in the
 * contract's format) applied by the real indexer, and searches through the real API.
 */
@ApplicationScoped
class SearchFixtures {

    private final TenantScope scope;
    private final SearchIndexer indexer;
    private final SearchIndexes indexes;
    private final SearchClient client;
    private final ObjectMapper json;

    SearchFixtures(TenantScope scope, SearchIndexer indexer, SearchIndexes indexes, SearchClient client, ObjectMapper json) {
        this.scope = scope;
        this.indexer = indexer;
        this.indexes = indexes;
        this.client = client;
        this.json = json;
    }

    /** A word no other test (or run) uses, so assertions never see another test's documents. */
    static String word() {
        StringBuilder w = new StringBuilder("zq");
        for (int i = 0; i < 8; i++) {
            w.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return w.toString();
    }

    static UUID project(Persona who) {
        String slug = "s-" + UUID.randomUUID().toString().substring(0, 8);
        return UUID.fromString(given().header("Authorization", who.bearer()).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Search " + slug))
                .when().post("/api/v1/projects").then().statusCode(201).extract().path("id"));
    }

    /** Creates a document through the API; answers its JSON (the snapshot an event would carry). */
    static JsonPath document(Persona who, UUID project, String title, String body, List<String> tags) {
        return given().header("Authorization", who.bearer()).contentType(ContentType.JSON)
                .body(Map.of("title", title, "body", body, "tags", tags))
                .when().post("/api/v1/projects/" + project + "/documents").then().statusCode(201).extract().jsonPath();
    }

    static JsonPath patch(Persona who, JsonPath document, Map<String, Object> changes) {
        return given().header("Authorization", who.bearer()).contentType(ContentType.JSON)
                .header("If-Match", "\"" + document.getLong("version") + "\"")
                .body(changes)
                .when().patch("/api/v1/documents/" + document.getString("id")).then().statusCode(200).extract().jsonPath();
    }

    static ValidatableResponse search(Persona who, Map<String, ?> params) {
        return given().header("Authorization", who.bearer()).queryParams(params).when().get("/api/v1/search").then();
    }

    /** The contract's event value for a document snapshot. */
    String documentEvent(String type, JsonPath document, long version) {
        Map<String, Object> data = document.getMap("$");
        Object snapshot = type.equals("DocumentDeleted")
                ? Map.of("id", data.get("id"), "projectId", data.get("projectId"), "version", version, "sizeBytes", data.get("sizeBytes"))
                : data;
        return value(type, "document", UUID.fromString(document.getString("id")), version, snapshot);
    }

    String value(String type, String aggregateType, UUID aggregateId, long version, Object data) {
        try {
            return json.writeValueAsString(Map.of("eventId", UUID.randomUUID().toString(), "type", type,
                    "aggregateType", aggregateType, "aggregateId", aggregateId.toString(), "aggregateVersion", version,
                    "occurredAt", java.time.Instant.now().toString(), "actor", "test", "data", data));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies an event for a tenant exactly as the consumer would, and makes the result searchable now. */
    SearchIndexer.Outcome apply(Persona who, String value) {
        SearchIndexer.Outcome outcome = scope.runAs(new TenantId(who.tenant),
                () -> indexer.apply(DomainEvent.parse(json, value)));
        refresh();
        return outcome;
    }

    /** Created through the API and indexed from its DocumentCreated event. */
    JsonPath indexed(Persona who, UUID project, String title, String body, List<String> tags) {
        JsonPath document = document(who, project, title, body, tags);
        apply(who, documentEvent("DocumentCreated", document, document.getLong("version")));
        return document;
    }

    void refresh() {
        indexes.refresh(indexes.sharedAlias() + "," + indexes.config().indexPrefix() + "-t-*");
    }

    SearchIndexes indexes() {
        return indexes;
    }

    SearchClient client() {
        return client;
    }

    TenantScope scope() {
        return scope;
    }
}
