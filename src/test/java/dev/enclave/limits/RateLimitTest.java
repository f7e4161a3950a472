package dev.enclave.limits;

import static io.restassured.RestAssured.given;
import static dev.enclave.testing.RateLimitHeaders.param;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A tenant's request rate: a token bucket shared by all instances; over it, 429 with Retry-After; RateLimit headers. */
@QuarkusTest
class RateLimitTest {

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.GLOBEX);
    }

    @Test
    void admittedAnswersCarryRateLimitHeaders() {
        Response ok = me(Persona.BOB);
        assertThat(ok.statusCode(), is(200));
        // the seed's burst 5000 at 2000/s: refilled from empty in 3 s
        assertThat(ok.header("RateLimit-Policy"), is("\"default\";q=5000;w=3"));
        assertThat(ok.header("RateLimit"), matchesPattern("\"default\";r=[0-9]+;t=[0-9]+"));
        assertThat(Long.parseLong(param(ok.header("RateLimit"), "r")), allOf(greaterThanOrEqualTo(0L), lessThanOrEqualTo(4999L)));
        assertThat(Long.parseLong(param(ok.header("RateLimit"), "t")), allOf(greaterThanOrEqualTo(0L), lessThanOrEqualTo(3L)));
        assertThat("the older drafts' names are gone", ok.header("RateLimit-Limit"), nullValue());
        assertThat(ok.header("RateLimit-Remaining"), nullValue());
        assertThat(ok.header("RateLimit-Reset"), nullValue());
        // Errors of admitted requests carry them too.
        given().header("Authorization", Persona.BOB.bearer())
                .when().get("/api/v1/projects/7d1c9b60-0000-4000-8000-000000000000")
                .then().statusCode(404).header("RateLimit-Policy", "\"default\";q=5000;w=3").header("RateLimit", notNullValue());
    }

    @Test
    void overTheRateIs429ProblemWithRetryAfter() {
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("requestsPerSecond", 1, "burst", 3));
        for (int i = 0; i < 3; i++) {
            Response ok = me(Persona.BOB);
            assertThat("request " + (i + 1) + " of the burst", ok.statusCode(), is(200));
            assertThat(param(ok.header("RateLimit"), "r"), is(String.valueOf(2 - i)));
        }
        me(Persona.BOB).then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:rate-limited"))
                .header("Retry-After", "1")
                .header("RateLimit-Policy", "\"default\";q=3;w=3")
                .header("RateLimit", "\"default\";r=0;t=3");
    }

    @Test
    void theNeighbourIsNotLimitedByAnotherTenantsBucket() {
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("requestsPerSecond", 1, "burst", 1));
        me(Persona.BOB);
        me(Persona.BOB).then().statusCode(429);
        me(Persona.DAVE).then().statusCode(429); // the tenant's limit, whoever of it asks
        for (int i = 0; i < 5; i++) {
            me(Persona.ALICE).then().statusCode(200);
        }
    }

    @Test
    void aLiveChangeAppliesWithoutRestartAndKeepsTheBucket() {
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("requestsPerSecond", 1, "burst", 1));
        me(Persona.BOB);
        me(Persona.BOB).then().statusCode(429).header("RateLimit-Policy", "\"default\";q=1;w=1");
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("requestsPerSecond", 1000, "burst", 50));
        // The bucket keeps its level across the change and refills at the new rate: admitted again within moments.
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> me(Persona.BOB).statusCode() == 200);
        assertThat(me(Persona.BOB).header("RateLimit-Policy"), is("\"default\";q=50;w=1"));
    }

    private static Response me(Persona persona) {
        return given().header("Authorization", persona.bearer()).when().get("/api/v1/me");
    }
}
