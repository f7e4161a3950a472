package dev.enclave.stats;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The operators' view of per-tenant statistics, fed by real requests through the HTTP edge. */
@QuarkusTest
class StatsAdminResourceTest {

    @Test
    void anOperatorSeesATenantsRequestsErrorsAndLatency() {
        given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/projects/" + UUID.randomUUID())
                .then().statusCode(404);
        // The edge records a request when its response has ended, which may be just after the client has it. Counts
        // decay from the moment they are recorded: two requests are a little less than 2 a few seconds later.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> asRoot().when().get("/admin/v1/tenants/acme/stats")
                .then().statusCode(200)
                .body("tenant", equalTo(Persona.ACME))
                .body("requests", greaterThan(1.5f))
                .body("errors4xx", greaterThan(0.5f))
                .body("latencyP50Ms", greaterThan(0f))
                .body("latencyP99Ms", greaterThan(0f)));
    }

    @Test
    void theTopListsTheBusiestTenantsByTheChosenMeasure() {
        given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> asRoot().queryParam("by", "requests").queryParam("limit", 10)
                .when().get("/admin/v1/stats/tenants")
                .then().statusCode(200)
                .body("by", equalTo("requests"))
                .body("halfLifeSeconds", equalTo(300))
                .body("tracked", lessThanOrEqualTo(10))
                .body("items.tenant", hasItem(Persona.GLOBEX)));
        asRoot().queryParam("by", "latency-p99-ms").queryParam("limit", 1).when().get("/admin/v1/stats/tenants")
                .then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void badMeasuresAndLimitsAre400ProblemsNot500s() {
        asRoot().queryParam("by", "bogus").when().get("/admin/v1/stats/tenants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("by must be one of " + Measure.names()));
        for (String limit : new String[] { "0", "11", "99999999999", "ten", "-1" }) {
            asRoot().queryParam("limit", limit).when().get("/admin/v1/stats/tenants")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", equalTo("limit must be a whole number from 1 to 10"));
        }
    }

    @Test
    void untrackedUnknownOrMalformedTenantsAre404() {
        for (String id : new String[] { "never-seen-tenant", "NOT_A_TENANT", "a" }) {
            asRoot().when().get("/admin/v1/tenants/" + id + "/stats")
                    .then().statusCode(404).contentType("application/problem+json")
                    .body("type", equalTo("urn:enclave:problem:not-found"));
        }
    }

    @Test
    void tenantsCannotReadStatistics() {
        given().header("Authorization", Persona.ALICE.bearer()).when().get("/admin/v1/stats/tenants")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:forbidden"));
        given().header("Authorization", Persona.ALICE.bearer()).when().get("/admin/v1/tenants/acme/stats").then().statusCode(403);
        given().when().get("/admin/v1/stats/tenants").then().statusCode(401);
    }

    private static RequestSpecification asRoot() {
        return given().header("Authorization", Persona.ROOT.bearer());
    }
}
