package dev.enclave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import dev.enclave.testing.Endpoint.Target;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;

/**
 * A denied cross-tenant lookup is audited without a second pooled connection: with more turns than connections and a
 * flood of cross-tenant GETs, nothing fails, every denial is recorded and the other tenant is still served. And a
 * foreign id costs the request what an unknown id costs (no timing oracle).
 */
@QuarkusTest
@TestProfile(DenialUnderLoadTest.SmallPool.class)
class DenialUnderLoadTest {

    private static final Logger LOG = Logger.getLogger(DenialUnderLoadTest.class);

    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "4",
                    "quarkus.datasource.jdbc.min-size", "0",
                    "quarkus.datasource.jdbc.acquisition-timeout", "3S",
                    "enclave.limits.turns.concurrency", "16");
        }
    }

    static final int ATTEMPTS = 64;
    static final int NEIGHBOUR_READS = 8;

    @Test
    void crossTenantFloodIsAuditedAndStarvesNobody() throws Exception {
        Target acme = Fixtures.target(Persona.ACME);
        // the same path: acme's document, foreign to BOB, ALICE's own
        String path = "/api/v1/documents/" + acme.document();

        // java.net.http opens one connection per request in flight (RestAssured's client would queue them on two).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS + NEIGHBOUR_READS; i++) {
            Persona who = i < ATTEMPTS ? Persona.BOB : Persona.ALICE;
            answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                    .header("Authorization", who.bearer()).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> answer = answers.get(i).get(90, TimeUnit.SECONDS);
            int expected = i < ATTEMPTS ? 404 : 200;
            assertEquals(expected, answer.statusCode(), answer::body);
            if (i < ATTEMPTS) {
                requestIds.add(answer.headers().firstValue("X-Request-Id").orElseThrow());
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(ATTEMPTS, deniedRecords(requestIds), "every denial audited"));
    }

    /**
     * Medians of a foreign and an unknown id, alternated so that both see the same machine: the foreign one must not
     * take longer by what an audit insert and its commit cost.
     */
    @Test
    void aForeignIdCostsWhatAnUnknownIdCosts() {
        Target acme = Fixtures.target(Persona.ACME);
        String foreign = "/api/v1/documents/" + acme.document();
        for (int i = 0; i < 30; i++) { // warm-up
            Fixtures.as(Persona.BOB).get(foreign);
            Fixtures.as(Persona.BOB).get("/api/v1/documents/" + UUID.randomUUID());
        }
        int rounds = 200;
        long[] foreignNanos = new long[rounds];
        long[] unknownNanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            String unknown = "/api/v1/documents/" + UUID.randomUUID();
            boolean foreignFirst = i % 2 == 0;
            if (foreignFirst) {
                foreignNanos[i] = timed(foreign);
            }
            unknownNanos[i] = timed(unknown);
            if (!foreignFirst) {
                foreignNanos[i] = timed(foreign);
            }
        }
        double foreignMs = median(foreignNanos) / 1e6;
        double unknownMs = median(unknownNanos) / 1e6;
        LOG.infof("404 medians over %d rounds: foreign id %.3f ms, unknown id %.3f ms (ratio %.2f)", rounds, foreignMs,
                unknownMs, foreignMs / unknownMs);
        assertTrue(foreignMs <= unknownMs * 1.15 + 0.1,
                () -> String.format("foreign %.3f ms vs unknown %.3f ms: a foreign id is measurably slower", foreignMs, unknownMs));
    }

    private static long timed(String path) {
        long start = System.nanoTime();
        Response response = Fixtures.as(Persona.BOB).get(path);
        long nanos = System.nanoTime() - start;
        assertEquals(404, response.statusCode(), response::asString);
        return nanos;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long deniedRecords(List<String> requestIds) throws Exception {
        try (Connection owner = TestDatabase.asOwner();
                PreparedStatement query = owner.prepareStatement("select count(*) from audit_log where outcome = 'denied'"
                        + " and reason = 'cross-tenant' and target_tenant = 'acme' and request_id = any(?)")) {
            query.setArray(1, owner.createArrayOf("text", requestIds.toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
