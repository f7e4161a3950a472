package dev.enclave.search;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.enclave.testing.Persona;

/** What a tenant's member gets from GET /api/v1/search. */
@QuarkusTest
class SearchResourceTest {

    @Inject
    SearchFixtures fixtures;

    @Test
    void findsOwnDocumentsWithHighlightsAndTotal() {
        String word = SearchFixtures.word();
        UUID project = SearchFixtures.project(Persona.ALICE);
        JsonPath doc = fixtures.indexed(Persona.ALICE, project, "Quarterly " + word + " plan",
                "The body mentions " + word + " once, and <script> too.", List.of("finance"));

        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(doc.getString("id")))
                .body("items[0].projectId", equalTo(project.toString()))
                .body("items[0].title", equalTo("Quarterly " + word + " plan"))
                .body("items[0].tags", contains("finance"))
                .body("items[0].status", equalTo("draft"))
                .body("items[0]", not(hasKey("score")))
                .body("items[0].highlights.title[0]", containsString("<em>" + word + "</em>"))
                .body("items[0].highlights.body[0]", containsString("&lt;script&gt;"))
                .body("nextCursor", nullValue());
    }

    @Test
    void englishStemmingAndAccentFolding() {
        String word = SearchFixtures.word();
        UUID project = SearchFixtures.project(Persona.ALICE);
        fixtures.indexed(Persona.ALICE, project, "Café " + word, "Running the crêperie's ovens", List.of());

        SearchFixtures.search(Persona.ALICE, Map.of("q", "cafe " + word)).statusCode(200).body("total", equalTo(1));
        SearchFixtures.search(Persona.ALICE, Map.of("q", "runs creperie " + word)).statusCode(200).body("total", equalTo(1));
    }

    @Test
    void projectAndTagFiltersAndOperators() {
        String word = SearchFixtures.word();
        UUID one = SearchFixtures.project(Persona.ALICE);
        UUID two = SearchFixtures.project(Persona.ALICE);
        fixtures.indexed(Persona.ALICE, one, word + " alpha", "", List.of("red"));
        fixtures.indexed(Persona.ALICE, two, word + " beta", "", List.of("blue"));

        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(2));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word, "projectId", one.toString()))
                .body("total", equalTo(1)).body("items[0].title", equalTo(word + " alpha"));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word, "tag", "blue"))
                .body("total", equalTo(1)).body("items[0].title", equalTo(word + " beta"));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word + " -beta")).body("total", equalTo(1));
        SearchFixtures.search(Persona.ALICE, Map.of("q", "\"" + word + " alpha\"")).body("total", equalTo(1));
        // No text: every document matching the filters.
        SearchFixtures.search(Persona.ALICE, Map.of("projectId", two.toString()))
                .body("total", equalTo(1)).body("items[0].highlights", equalTo(Map.of()));
    }

    @Test
    void pagesWithACursorWithoutRepeatsOrGaps() {
        String word = SearchFixtures.word();
        UUID project = SearchFixtures.project(Persona.ALICE);
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(fixtures.indexed(Persona.ALICE, project, word + " page " + i, "", List.of()).getString("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 5; page++) { // bounded: 5 documents, 2 per page
            Map<String, String> params = cursor == null ? Map.of("q", word, "limit", "2") : Map.of("q", word, "limit", "2", "cursor", cursor);
            JsonPath answer = SearchFixtures.search(Persona.ALICE, params).statusCode(200).body("total", equalTo(5)).extract().jsonPath();
            seen.addAll(answer.getList("items.id"));
            cursor = answer.getString("nextCursor");
            if (cursor == null) {
                break;
            }
        }
        assertEquals(5, seen.size());
        assertEquals(created, new HashSet<>(seen));
    }

    @Test
    void badParametersAre400ProblemJson() {
        for (Map<String, String> params : List.of(Map.of("limit", "0"), Map.of("limit", "201"), Map.of("limit", "x"),
                Map.of("cursor", "not-a-cursor"), Map.of("projectId", "nope"), Map.of("tag", "a b"),
                Map.of("q", "x".repeat(201)))) {
            SearchFixtures.search(Persona.ALICE, params).statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400));
        }
    }

    @Test
    void noTokenIs401AndNoTenantIs403() {
        io.restassured.RestAssured.given().when().get("/api/v1/search?q=x").then().statusCode(401);
        SearchFixtures.search(Persona.MALLORY, Map.of("q", "x")).statusCode(403);
        SearchFixtures.search(Persona.ROOT, Map.of("q", "x")).statusCode(403);
    }

    @Test
    void viewersSearchToo() {
        String word = SearchFixtures.word();
        fixtures.indexed(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word, "", List.of());
        SearchFixtures.search(Persona.CAROL, Map.of("q", word)).statusCode(200)
                .body("items.title", everyItem(equalTo(word))).body("items", hasSize(1))
                .body("items.title", hasItem(word));
    }
}
