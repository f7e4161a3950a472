package dev.enclave.faults;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.enclave.testing.DatabaseOutageResource;
import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;

/**
 * The database becomes unreachable for the application: API calls answer 503 problem+json with Retry-After (never
 * 500), readiness says not ready (the database is what readiness means) while liveness holds, and once it is back
 * the pool serves again and the event pipeline catches up without a restart.
 */
@QuarkusTest
@WithTestResource(value = DatabaseOutageResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class DatabaseOutageTest {

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfterAndThePoolRecovers() {
        String project = Workspace.createProject(Persona.ALICE);
        String document = Workspace.documentId(Persona.ALICE, project, "Before", "written before the outage");
        EventPipeline.awaitSettled(Persona.ACME);
        List<String> inFlight = new ArrayList<>(); // their events are being relayed and applied when the cut comes
        for (int i = 0; i < 20; i++) {
            inFlight.add(Workspace.documentId(Persona.ALICE, project, "In flight " + i, "written just before the outage"));
        }

        DatabaseOutageResource.databaseUp(false);
        try {
            for (int i = 0; i < 5; i++) {
                given().header("Authorization", Persona.ALICE.bearer()).get("/api/v1/documents/" + document).then()
                        .statusCode(503).contentType("application/problem+json").header("Retry-After", notNullValue());
                given().header("Authorization", Persona.ALICE.bearer()).contentType(ContentType.JSON)
                        .body(Map.of("title", "During " + i, "body", "not written")).post("/api/v1/projects/" + project + "/documents")
                        .then().statusCode(503).header("Retry-After", notNullValue());
            }
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            DatabaseOutageResource.databaseUp(true);
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> given()
                .header("Authorization", Persona.ALICE.bearer()).get("/api/v1/documents/" + document).then().statusCode(200));
        given().get("/q/health/ready").then().statusCode(200);
        String after = Workspace.documentId(Persona.ALICE, project, "After", "written after the outage");
        EventPipeline.awaitSettled(Persona.ACME); // a dead-lettered event would never settle
        inFlight.add(document);
        inFlight.add(after);
        assertEquals(inFlight.size(), Workspace.activity(Persona.ALICE).stream()
                .filter(e -> inFlight.contains(e.get("aggregateId"))).count(),
                "the events of the writes before, in flight during and after the outage, each once");
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
