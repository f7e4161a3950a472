package dev.enclave.offboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.enclave.testing.PackagedApp;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;

/**
 * {@code kill -9} of the instance running a purge, in the middle of its PostgreSQL batches; another instance takes
 * the job over once its lease ran out, resumes from the last checkpoint (with the "before" counts the first run
 * saved) and leaves a receipt with 0 left in every store. The instance Quarkus starts stays out of it (it neither
 * looks for due tenants nor polls for jobs), so the purge runs on the victim and then on its successor.
 */
@QuarkusIntegrationTest
@TestProfile(PurgeKillIT.Bystander.class)
class PurgeKillIT {

    /** The instance Quarkus starts: it never runs the purge. */
    public static class Bystander implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The jar was built with the management interface on; under a test profile a build-time value that differs
            // at run time fails the start (a warning without one), so it stays on here.
            return Map.of("enclave.offboarding.check-every", "1h", "enclave.jobs.poll", "1h", "quarkus.management.enabled", "true");
        }
    }

    private static final int DOCUMENTS = 30_000;
    /** Small batches, short leases: the purge takes long enough to be killed in the middle, and is taken over soon. */
    private static final Map<String, String> RUNNER = Map.of("enclave.offboarding.check-every", "1s", "enclave.jobs.poll", "1s",
            "enclave.offboarding.batch-size", "200", "enclave.offboarding.batch-pause", "20ms", "enclave.jobs.lease", "3s");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePurgeSurvivesKill9OfItsInstanceAndFinishesWithAReceipt() throws Exception {
        String tenant = TenantSeed.newId();
        TenantSeed.register(tenant, true);
        TenantSeed.rows(tenant, null, DOCUMENTS);
        TenantSeed.searchDocument(tenant);
        OtherStores.redisKey(tenant);
        OtherStores.keycloakUser(tenant);

        AtomicReference<long[]> atKill = new AtomicReference<>();
        PackagedApp victim = PackagedApp.startAnother("purge-victim", RUNNER);
        OtherStores.exportBundle(tenant); // after a start: the instance creates the bucket
        try {
            HttpResponse<String> offboarded = post(victim.baseUri() + "/admin/v1/tenants/" + tenant + "/offboard",
                    "{\"reason\": \"kill -9 test\", \"grace\": \"PT0S\"}");
            assertEquals(200, offboarded.statusCode(), offboarded.body());
            // started, not finished: some batches of rows deleted and checkpointed, many left
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long[] progress = progress(tenant);
                atKill.set(progress);
                return progress != null && progress[0] > 0 && progress[0] < DOCUMENTS / 2;
            });
        } finally {
            victim.kill();
        }
        long left = TenantSeed.count("select sum(row_count) from tenant_row_counts(?)", tenant);
        System.out.printf("kill -9 during the purge: %d rows deleted and checkpointed, %d left%n", atKill.get()[0], left);
        assertTrue(left > 0, "killed in the middle");
        assertEquals("purging", TenantSeed.status(tenant));
        assertEquals("purging", TenantSeed.registerAgain(tenant), "the id is not free before the receipt exists");

        try (PackagedApp successor = PackagedApp.startAnother("purge-successor", RUNNER)) {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get(successor.baseUri() + "/admin/v1/tenants/" + tenant + "/receipt").statusCode() == 200);
            JsonNode answer = JSON.readTree(get(successor.baseUri() + "/admin/v1/tenants/" + tenant + "/receipt").body());
            System.out.println("purge receipt after kill -9: " + answer.toPrettyString());
            JsonNode receipt = answer.path("receipt");
            assertEquals(ReceiptDigest.of(receipt), answer.path("digest").asText(), "the digest verifies");
            assertEquals(DOCUMENTS, receipt.path("stores").path("postgresql").path("tables").path("documents").path("before").asLong(),
                    "the before counts are the first run's, from the checkpoint");
            receipt.path("stores").properties().forEach(store -> assertEquals(0, store.getValue().path("after").asLong(),
                    store.getKey() + " has nothing left"));
            for (String store : new String[] { "search", "redis", "keycloak", "object_store" }) {
                assertEquals(1, receipt.path("stores").path(store).path("before").asLong(), store + " had one item before");
            }
            assertTrue(receipt.path("complete").asBoolean());
        }
        assertEquals(0, TenantSeed.count("select sum(row_count) from tenant_row_counts(?)", tenant));
        assertEquals("deleted", TenantSeed.status(tenant));
        assertTrue(TenantSeed.count("select max(attempts) from operator_jobs where tenant = ? and kind = 'purge'", tenant) >= 2,
                "the job was resumed by another attempt");
        assertEquals(1, TenantSeed.count("select count(*) from purge_receipts where tenant = ?", tenant));
    }

    /** {done, total} of the tenant's purge while it deletes rows; null before. */
    private static long[] progress(String tenant) throws Exception {
        try (Connection db = TestDatabase.asSuperuser(); PreparedStatement q = db.prepareStatement(
                "select done, total from operator_jobs where tenant = ? and kind = 'purge' and state = 'running' and step = ?")) {
            q.setString(1, tenant);
            q.setString(2, PurgeJob.ROWS);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? new long[] { r.getLong(1), r.getLong(2) } : null;
            }
        }
    }

    private static HttpResponse<String> post(String uri, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", Persona.ROOT.bearer())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", Persona.ROOT.bearer()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
