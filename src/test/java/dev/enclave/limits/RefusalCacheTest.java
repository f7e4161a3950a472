package dev.enclave.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;

/**
 * While a tenant's bucket is empty, its known tokens are refused before they are verified
 * (dev.enclave.limits.admission.RefusalCache): the limiter's answer, for tokens it has seen only, never an admission.
 */
@QuarkusTest
class RefusalCacheTest {

    @Inject
    MeterRegistry metrics;

    @Inject
    VerifiedTokens verifiedTokens;

    @BeforeEach
    void oneRequestPerSecond() {
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("requestsPerSecond", 1, "burst", 1));
    }

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.GLOBEX);
    }

    @Test
    void aTokenThatTookTheLastTokenIsRefusedFromTheCacheWithoutVerifyingIt() {
        emptyBobsBucket(); // the admission that took the bucket's only token: bob's token is known, globex empty
        double cachedBefore = cached();
        double sharedBefore = refusedByRedis();
        long verifiedBefore = verifiedTokens.count();
        for (int i = 0; i < 5; i++) {
            me(Persona.BOB).then().statusCode(429);
        }
        assertThat(cached() - cachedBefore, is(5.0));
        assertThat("the limiter was not asked", refusedByRedis() - sharedBefore, is(0.0));
        assertThat("no token verification for a cached refusal", verifiedTokens.count() - verifiedBefore, is(0L));
    }

    @Test
    void theCachedAnswerIsTheNormalOne() {
        String dave = "Bearer " + Persona.DAVE.newToken(); // before the bucket empties: a login may take a second
        emptyBobsBucket();
        double cachedBefore = cached();
        Response normal = me(dave); // unseen by the cache: verified, refused by Redis
        assertThat("an unseen token goes the normal path", cached() - cachedBefore, is(0.0));
        Response repeated = me(Persona.BOB);
        assertThat("a seen one is refused from the cache", cached() - cachedBefore, is(1.0));

        for (Response r : new Response[] { normal, repeated }) {
            assertThat(r.statusCode(), is(429));
            assertThat(r.contentType(), is("application/problem+json"));
            assertThat(r.header("Retry-After"), is("1"));
            assertThat(r.header("RateLimit-Policy"), is("\"default\";q=1;w=1"));
            assertThat(r.header("RateLimit"), is("\"default\";r=0;t=1"));
            assertThat(r.header("X-Request-Id"), notNullValue());
        }
        assertThat(headerNames(repeated), is(headerNames(normal)));
        assertThat(repeated.jsonPath().getString("type"), is("urn:enclave:problem:rate-limited"));
        assertThat(repeated.jsonPath().getString("type"), is(normal.jsonPath().getString("type")));
        assertThat(repeated.jsonPath().getString("title"), is(normal.jsonPath().getString("title")));
        assertThat(repeated.jsonPath().getInt("status"), is(429));
        assertThat(repeated.jsonPath().getString("detail"), is(normal.jsonPath().getString("detail")));
        assertThat(repeated.jsonPath().getString("requestId"), is(repeated.header("X-Request-Id")));
        assertThat(repeated.header("X-Request-Id"), not(normal.header("X-Request-Id")));
    }

    @Test
    void onlySeenTokensOfTheEmptyTenantAreRefusedFromTheCache() {
        String dave = "Bearer " + Persona.DAVE.newToken(); // before the bucket empties: a login may take a second
        emptyBobsBucket();
        double cachedBefore = cached();
        double sharedBefore = refusedByRedis();
        me(dave).then().statusCode(429); // globex's bucket is empty: refused, but by the shared limiter
        assertThat(cached() - cachedBefore, is(0.0));
        assertThat(refusedByRedis() - sharedBefore, is(1.0));
        me(dave).then().statusCode(429); // now seen: from the cache
        assertThat(cached() - cachedBefore, is(1.0));
        me(Persona.ALICE).then().statusCode(200); // another tenant, whose bucket holds tokens
        assertThat(cached() - cachedBefore, is(1.0));
    }

    @Test
    void whenTheNextTokenIsDueTheTokenIsAdmittedAgain() {
        emptyBobsBucket();
        long emptiedAt = System.nanoTime();
        me(Persona.BOB).then().statusCode(429);
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> me(Persona.BOB).statusCode() == 200);
        // One token per second: admitted again about a second after the bucket was emptied, not a second later
        // (the margin is for a slow request on a busy machine).
        assertThat(Duration.ofNanos(System.nanoTime() - emptiedAt).toMillis(), lessThanOrEqualTo(2_000L));
    }

    @Test
    void unknownAndForgedTokensAreStillVerified() {
        emptyBobsBucket();
        me(Persona.BOB).then().statusCode(429);
        String token = Persona.BOB.token();
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        given().header("Authorization", "Bearer " + forged).when().get("/api/v1/me").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").when().get("/api/v1/me").then().statusCode(401);
        given().when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void aRaisedLimitAppliesAtOnce() {
        emptyBobsBucket();
        me(Persona.BOB).then().statusCode(429);
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("requestsPerSecond", 1000, "burst", 50));
        // The instance that made the change forgets the tenant's empty bucket at once (others until the next token is
        // due, see whenTheNextTokenIsDueTheTokenIsAdmittedAgain); the bucket refills at the new rate, a token a ms.
        me(Persona.BOB).then().statusCode(200);
        for (int i = 0; i < 10; i++) {
            me(Persona.BOB).then().statusCode(200);
        }
        assertThat(me(Persona.BOB).header("RateLimit-Policy"), is("\"default\";q=50;w=1"));
    }

    /** Waits for bob's admission (the bucket refilled and no refusal is cached), which takes the bucket's one token. */
    private static void emptyBobsBucket() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> me(Persona.BOB).statusCode() == 200);
    }

    private double cached() {
        return admissions("cached_refusal");
    }

    private double refusedByRedis() {
        return admissions("redis");
    }

    private double admissions(String store) {
        return metrics.get("enclave.limits.admissions").tag("outcome", "rate_limited").tag("store", store).counter().count();
    }

    private static Set<String> headerNames(Response response) {
        Set<String> names = new TreeSet<>();
        for (Header h : response.headers()) {
            names.add(h.getName().toLowerCase());
        }
        return names;
    }

    private static Response me(Persona persona) {
        return me(persona.bearer());
    }

    private static Response me(String authorization) {
        return given().header("Authorization", authorization).when().get("/api/v1/me");
    }
}
