package dev.enclave.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;

/**
 * A tenant moves to a dedicated index and back while it keeps writing: no write is lost, the same API answers,
 * and its documents live in exactly one place (invisible from the shared index while dedicated, and the reverse).
 */
@QuarkusTest
class PlacementMoveTest {

    @Inject
    SearchFixtures fixtures;

    @AfterEach
    void backToShared() {
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("placement", "shared"))
                .when().put("/admin/v1/tenants/globex/search-placement").then().statusCode(200);
    }

    @Test
    void movingToADedicatedIndexAndBackLosesNoWrites() throws Exception {
        String word = SearchFixtures.word();
        UUID project = SearchFixtures.project(Persona.BOB);
        Set<String> written = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5; i++) {
            written.add(fixtures.indexed(Persona.BOB, project, word + " before " + i, "", List.of()).getString("id"));
        }
        String aliceWord = SearchFixtures.word();
        fixtures.indexed(Persona.ALICE, SearchFixtures.project(Persona.ALICE), aliceWord, "", List.of());

        move("dedicated", project, word, written);

        String dedicatedAlias = fixtures.indexes().dedicatedAlias(new TenantId(Persona.GLOBEX));
        assertEquals(0, count(fixtures.indexes().sharedAlias(), globex(null)), "no globex document left in the shared index");
        assertEquals(0, count(dedicatedAlias, notGlobex()), "nothing but globex in its dedicated index");
        assertEquals(written.size(), count(dedicatedAlias, globex(word)), "every globex write is in its dedicated index");
        SearchFixtures.search(Persona.BOB, Map.of("q", word)).body("total", equalTo(written.size()));
        SearchFixtures.search(Persona.BOB, Map.of("q", aliceWord)).body("total", equalTo(0));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(0));
        SearchFixtures.search(Persona.ALICE, Map.of("q", aliceWord)).body("total", equalTo(1));

        move("shared", project, word, written);

        assertTrue(fixtures.indexes().current(dedicatedAlias).isEmpty(), "the dedicated index is gone");
        assertEquals(written.size(), count(fixtures.indexes().sharedAlias(), globex(word)), "every globex write is back in the shared index");
        SearchFixtures.search(Persona.BOB, Map.of("q", word)).body("total", equalTo(written.size()));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(0));
    }

    /** Moves globex while Bob keeps writing (through the API and the indexer), then checks nothing was lost. */
    private void move(String placement, UUID project, String word, Set<String> written) throws Exception {
        AtomicBoolean moving = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 300 && moving.get(); i++) { // bounded
                written.add(fixtures.indexed(Persona.BOB, project, word + " during " + placement + " " + i, "", List.of()).getString("id"));
            }
        });
        writer.start();
        int duringBefore = written.size();
        try {
            given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("placement", placement))
                    .when().put("/admin/v1/tenants/globex/search-placement")
                    .then().statusCode(200).body("placement", equalTo(placement));
        } finally {
            moving.set(false);
            writer.join(30_000);
        }
        assertTrue(written.size() > duringBefore, "documents were written during the move");
        fixtures.refresh();
        var answer = SearchFixtures.search(Persona.BOB, Map.of("q", word, "limit", "200")).statusCode(200).extract().jsonPath();
        assertEquals(written.size(), answer.getInt("total"), "every document written before and during the move is found");
        assertEquals(written, Set.copyOf(answer.getList("items.id")));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Counted directly on the node, bypassing TenantSearch: what the index really holds. */
    private long count(String index, ObjectNode query) {
        ObjectNode body = JSON.createObjectNode();
        body.set("query", query);
        JsonNode answer = fixtures.client().send("POST", "/" + index + "/_count", Map.of(), body);
        return answer.path("count").asLong();
    }

    /** globex's documents (tombstones included); with a word, only this test's live ones. */
    private static ObjectNode globex(String word) {
        ObjectNode bool = JSON.createObjectNode();
        var filter = bool.putArray("filter");
        filter.addObject().putObject("term").put("tenant_id", Persona.GLOBEX);
        if (word != null) {
            filter.addObject().putObject("match").put("title", word);
            filter.addObject().putObject("term").put("deleted", false);
        }
        ObjectNode query = JSON.createObjectNode();
        query.set("bool", bool);
        return query;
    }

    private static ObjectNode notGlobex() {
        ObjectNode query = JSON.createObjectNode();
        query.putObject("bool").putArray("must_not").addObject().putObject("term").put("tenant_id", Persona.GLOBEX);
        return query;
    }
}
