package dev.enclave.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import io.quarkus.test.junit.QuarkusTest;

/** Any member sees their own tenant's usage against each limit, and only their own. */
@QuarkusTest
class UsageResourceTest {

    @Test
    void aMemberSeesTheirTenantsUsageAgainstEachLimit() {
        given().header("Authorization", Persona.DAVE.bearer())
                .when().get("/api/v1/usage")
                .then().statusCode(200)
                .body("plan", equalTo("free"))
                .body("requests.perSecond", equalTo(2000))
                .body("requests.burst", equalTo(5000))
                .body("requests.remaining", notNullValue())
                .body("inFlight.limit", equalTo(256))
                .body("inFlight.current", greaterThanOrEqualTo(1))
                .body("storage.limitBytes", equalTo(1073741824))
                .body("storage.usedBytes", greaterThanOrEqualTo(0))
                .body("aiTokens.limit", equalTo(100000))
                .body("aiTokens.period", matchesPattern("\\d{4}-\\d{2}"))
                .body("background.limit", equalTo(1));
    }

    @Test
    void viewersSeeItToo() {
        given().header("Authorization", Persona.CAROL.bearer()).when().get("/api/v1/usage")
                .then().statusCode(200).body("plan", equalTo("pro"));
    }

    @Test
    void noTenantNoUsage() {
        given().header("Authorization", Persona.MALLORY.bearer()).when().get("/api/v1/usage").then().statusCode(403);
        given().header("Authorization", Persona.ROOT.bearer()).when().get("/api/v1/usage").then().statusCode(403);
        given().when().get("/api/v1/usage").then().statusCode(401);
    }
}
