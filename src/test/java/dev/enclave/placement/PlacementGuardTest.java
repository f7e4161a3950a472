package dev.enclave.placement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import dev.enclave.testing.Persona;

/**
 * The RLS guard checks a dedicated database before its pool serves it and again while it serves
 * (enclave.placements.recheck-after, 1 s in this profile): a copy of acme's database with the isolation
 * policy of one table dropped, then with a permissive policy looser than it, is refused — acme's requests get 503
 * problem+json with Retry-After naming the placement's state, never data — while globex (shared) is served as ever.
 * Repaired, the placement is served again without a restart.
 */
@QuarkusTest
@TestProfile(DedicatedPlacementProfile.class)
class PlacementGuardTest {

    private static final String PLACEMENT = "loose-copy";

    @BeforeEach
    void placeAcme() {
        DedicatedDatabases.placeAcme();
    }

    @AfterEach
    void putAcmeBack() {
        if (!DedicatedDatabases.ACME_PLACEMENT.equals(DedicatedDatabases.placementOf(Persona.ACME))) {
            DedicatedDatabases.switchAcme(DedicatedDatabases.ACME_PLACEMENT);
        }
    }

    @Test
    void aDedicatedDatabaseWithAMissingOrLoosenedPolicyIsRefused() {
        DedicatedDatabases.reset(PLACEMENT);
        Response registered = DedicatedDatabases.register(PLACEMENT, DedicatedDatabases.url(PLACEMENT));
        assertEquals("serving", registered.path("status"), registered::asString);

        DedicatedDatabases.moveAcmeTo(PLACEMENT, PLACEMENT);
        given().header("Authorization", Persona.ALICE.bearer()).get("/api/v1/members").then().statusCode(200);

        // missing: the isolation policy of documents dropped while the placement serves
        DedicatedDatabases.owner(PLACEMENT, "drop policy tenant_isolation on documents");
        sleepPastRecheck();
        assertRefused();
        given().header("Authorization", Persona.BOB.bearer()).get("/api/v1/projects").then().statusCode(200);

        // loosened: the policy back, but a permissive one that lets every row through on another table
        DedicatedDatabases.owner(PLACEMENT, """
                create policy tenant_isolation on documents
                    using (tenant_id = current_setting('app.tenant_id', true))
                    with check (tenant_id = current_setting('app.tenant_id', true))""",
                "create policy everyone on projects for all to public using (true)");
        sleepPastRecheck();
        assertRefused();
        given().header("Authorization", Persona.BOB.bearer()).get("/api/v1/projects").then().statusCode(200);

        // repaired: served again, no restart
        DedicatedDatabases.owner(PLACEMENT, "drop policy everyone on projects");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> given()
                .header("Authorization", Persona.ALICE.bearer()).get("/api/v1/projects").statusCode() == 200);
    }

    private static void assertRefused() {
        for (String path : new String[] { "/api/v1/projects", "/api/v1/members", "/api/v1/activity" }) {
            given().header("Authorization", Persona.ALICE.bearer()).get(path).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("detail", containsString("placement " + PLACEMENT))
                    .body("detail", containsString("refused by the RLS guard"))
                    .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("items")));
        }
    }

    private static void sleepPastRecheck() {
        try {
            Thread.sleep(1_300); // enclave.placements.recheck-after=1s in this profile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
