package dev.enclave.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With the limiter store (Redis) unreachable the service keeps answering: each instance enforces the tenant's
 * limits with its own buckets (never a 500, never unlimited), and says so in its metrics.
 */
@QuarkusTest
@TestProfile(LimiterStoreDownTest.RedisUnreachable.class)
class LimiterStoreDownTest {

    public static class RedisUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Nothing listens on port 9 (discard) on loopback here: connection refused, like a Redis that is down.
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:9");
        }
    }

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.GLOBEX);
    }

    @Test
    void requestsAreStillAnsweredAndCarryRateLimitHeaders() {
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me")
                    .then().statusCode(200).header("RateLimit-Policy", "\"default\";q=5000;w=3").header("RateLimit", notNullValue());
        }
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("enclave_limits_store_available 0.0"));
        assertThat(counter(metrics, "admitted", "local") >= 5, is(true));
        assertThat(counter(metrics, "admitted", "redis"), is(0.0));
    }

    @Test
    void theLocalBucketsStillLimit() {
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("requestsPerSecond", 1, "burst", 2));
        given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me")
                .then().statusCode(429).header("Retry-After", "1")
                .body("type", equalTo("urn:enclave:problem:rate-limited"));
    }

    @Test
    void quotasDoNotNeedTheLimiterStore() {
        given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/usage")
                .then().statusCode(200).body("storage.usedBytes", notNullValue());
    }

    private static double counter(String metrics, String outcome, String store) {
        Matcher m = Pattern.compile("enclave_limits_admissions_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*store=\"" + store
                + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
