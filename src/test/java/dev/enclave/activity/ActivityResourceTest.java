package dev.enclave.activity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;

/** GET /api/v1/activity: the caller's tenant's recent changes, newest first, paginated; other tenants see none. */
@QuarkusTest
class ActivityResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void membersOfATenantSeeItsChangesNewestFirstAcrossPages() {
        String project = Workspace.createProject(Persona.BOB);
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            documents.add(Workspace.createDocument(Persona.BOB, project, "Page " + i, "text").path("id"));
        }
        await().atMost(WAIT).until(() -> Workspace.activity(Persona.DAVE).stream()
                .filter(e -> documents.contains(e.get("aggregateId"))).count() == 3);

        // Walk the feed two entries at a time until the project's entry: newest first, each page continuing the last.
        List<Map<String, Object>> walked = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 500; page++) {
            var response = given().header("Authorization", Persona.DAVE.bearer())
                    .queryParam("limit", 2).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .when().get("/api/v1/activity")
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = response.getList("items");
            assertTrue(items.size() <= 2);
            walked.addAll(items);
            cursor = response.getString("nextCursor");
            if (cursor == null || items.stream().anyMatch(e -> project.equals(e.get("aggregateId")))) {
                break;
            }
        }
        List<String> mine = walked.stream().map(e -> (String) e.get("aggregateId"))
                .filter(id -> documents.contains(id) || project.equals(id)).toList();
        assertEquals(List.of(documents.get(2), documents.get(1), documents.get(0), project), mine);
        for (int i = 1; i < walked.size(); i++) {
            assertTrue(!OffsetDateTime.parse((String) walked.get(i - 1).get("occurredAt"))
                    .isBefore(OffsetDateTime.parse((String) walked.get(i).get("occurredAt"))), "newest first");
        }
        Map<String, Object> newest = walked.stream().filter(e -> documents.get(2).equals(e.get("aggregateId")))
                .findFirst().orElseThrow();
        assertEquals("DocumentCreated", newest.get("type"));
        assertEquals("document", newest.get("aggregateType"));
        assertEquals("Page 2", newest.get("label"));
        assertEquals(Persona.BOB.subject, newest.get("actor"));

        assertTrue(Workspace.activity(Persona.ALICE).stream().noneMatch(e -> documents.contains(e.get("aggregateId"))),
                "another tenant's members see none of it");
    }

    @Test
    void aViewerMayReadTheFeed() {
        given().header("Authorization", Persona.CAROL.bearer())
                .when().get("/api/v1/activity")
                .then().statusCode(200);
    }

    @Test
    void aTokenWithoutTenantIsRefused() {
        given().header("Authorization", Persona.MALLORY.bearer())
                .when().get("/api/v1/activity")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aMalformedCursorIs400() {
        given().header("Authorization", Persona.ALICE.bearer())
                .when().get("/api/v1/activity?cursor=not-a-cursor")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:malformed-request"));
    }
}
