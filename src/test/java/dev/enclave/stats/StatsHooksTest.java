package dev.enclave.stats;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import dev.enclave.testing.Workspace;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each place that knows a tenant's work feeds the recorder: entity writes, relay, consumers, search, AI budget and the
 * 429 path.
 */
@QuarkusTest
class StatsHooksTest {

    private static final TenantId ACME = new TenantId(Persona.ACME);
    private static final TenantId GLOBEX = new TenantId(Persona.GLOBEX);

    @Inject
    TenantStats stats;

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.GLOBEX);
    }

    @Test
    void eventsSearchesAndAiTokensCountForTheirTenant() {
        String document = Workspace.documentId(Persona.ALICE, Workspace.createProject(Persona.ALICE), "Solar roof",
                "Solar panels on the depot roof would cover most of its daytime power.");
        given().header("Authorization", Persona.ALICE.bearer()).when().post("/api/v1/documents/" + document + "/summary")
                .then().statusCode(200);
        given().header("Authorization", Persona.ALICE.bearer()).queryParam("q", "solar").when().get("/api/v1/search")
                .then().statusCode(200);
        // The relay publishes and the consumers apply after the writes commit: wait for them, not for a fixed time.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TenantSnapshot acme = stats.of(ACME).orElseThrow();
            assertThat("published", acme.value(Measure.EVENTS_PUBLISHED), greaterThan(0.5));
            assertThat("applied", acme.value(Measure.EVENTS_APPLIED), greaterThan(0.5));
        });
        TenantSnapshot acme = stats.of(ACME).orElseThrow();
        assertThat("search queries", acme.value(Measure.SEARCH_QUERIES), greaterThan(0.5));
        assertThat("AI tokens", acme.value(Measure.AI_TOKENS), greaterThan(10.0));
        assertThat("rows written (a project and a document at least)", acme.value(Measure.ROWS_WRITTEN), greaterThan(1.5));
    }

    @Test
    void refusedRequestsCountAs429s() {
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("requestsPerSecond", 1, "burst", 2));
        double before = stats.of(GLOBEX).map(s -> s.value(Measure.RATE_LIMITED)).orElse(0.0);
        int refused = 0;
        for (int i = 0; i < 5; i++) {
            refused += given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me").statusCode() == 429 ? 1 : 0;
        }
        assertThat(refused, greaterThanOrEqualTo(2));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                stats.of(GLOBEX).orElseThrow().value(Measure.RATE_LIMITED), greaterThan(before + 1.5)));
    }
}
