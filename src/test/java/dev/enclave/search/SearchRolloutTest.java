package dev.enclave.search;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.enclave.testing.Persona;

/**
 * A mapping change rolls out as a new shared index generation and an atomic alias swap: searches in a loop during
 * the rollout all answer 200 with the document, tombstones survive, and the old generation is gone afterwards.
 */
@QuarkusTest
class SearchRolloutTest {

    @Inject
    SearchFixtures fixtures;

    @Test
    void searchAnswersThroughoutTheRollout() throws Exception {
        String word = SearchFixtures.word();
        fixtures.indexed(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word + " survives the rollout", "", List.of());
        JsonPath deleted = fixtures.indexed(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word + " deleted", "", List.of());
        long deleteVersion = deleted.getLong("version") + 1;
        fixtures.apply(Persona.ALICE, fixtures.documentEvent("DocumentDeleted", deleted, deleteVersion));
        String before = fixtures.indexes().current(fixtures.indexes().sharedAlias()).orElseThrow();
        String token = Persona.ALICE.bearer();

        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger searches = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread searcher = new Thread(() -> {
            long deadline = System.nanoTime() + 120_000_000_000L; // bounded: two minutes at most
            while (!done.get() && System.nanoTime() < deadline) {
                var answer = given().header("Authorization", token).queryParam("q", word).when().get("/api/v1/search");
                searches.incrementAndGet();
                if (answer.statusCode() != 200 || answer.jsonPath().getInt("total") != 1) {
                    failures.add(answer.statusCode() + " " + answer.asString());
                }
            }
        });
        searcher.start();
        try {
            given().header("Authorization", Persona.ROOT.bearer()).when().post("/admin/v1/search/rollout")
                    .then().statusCode(200);
        } finally {
            done.set(true);
            searcher.join(30_000);
        }

        String after = fixtures.indexes().current(fixtures.indexes().sharedAlias()).orElseThrow();
        assertNotEquals(before, after);
        assertTrue(searches.get() > 1, "searched during the rollout: " + searches.get());
        assertEquals(List.of(), failures, "every search during the rollout answered 200 with the document");
        assertTrue(fixtures.client().sendAllowingMissing("GET", "/" + before, Map.of(), null).isMissingNode(),
                "the old generation is deleted");

        // The tombstone moved with the data: a late update of the deleted document is still refused.
        assertEquals(SearchIndexer.Outcome.ALREADY_NEWER,
                fixtures.apply(Persona.ALICE, fixtures.documentEvent("DocumentUpdated", deleted, deleted.getLong("version"))));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word + " deleted")).statusCode(200)
                .body("items.title", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(word + " deleted")));
    }
}
