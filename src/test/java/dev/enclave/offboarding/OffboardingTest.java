package dev.enclave.offboarding;

import static dev.enclave.testing.Fixtures.anonymous;
import static dev.enclave.testing.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.identity.TenantAccounts;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.LocalStack;
import dev.enclave.testing.Persona;

/**
 * Offboarding against the real stack: a tenant with data in every store is offboarded (refused at once), purged when
 * its grace ends, and leaves a receipt that shows, re-counted from each store, that nothing is left; cancelled
 * during its grace it is served again. Operators only; unknown tenants 404; wrong states 409.
 */
@QuarkusTest
class OffboardingTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TenantAccounts accounts;

    @Inject
    RedisDataSource redis;

    @Inject
    LimitsConfig limits;

    @Inject
    Purges purges;

    @Inject
    dev.enclave.objectstore.BundleStore bundles;

    @Test
    void anOffboardedTenantIsRefusedThenPurgedFromEveryStoreWithAReceipt() throws Exception {
        String tenant = TenantSeed.newId();
        String bearer = tenantWithDataEverywhere(tenant);
        TenantSeed.dedicatedIndexDocument(tenant);
        tenantApi(bearer).then().statusCode(200);

        offboard(tenant, "{\"reason\": \"contract ended\", \"grace\": \"PT0S\"}").then().statusCode(200)
                .body("status", equalTo("offboarding")).body("purge_after", notNullValue());
        tenantApi(bearer).then().statusCode(403).body("type", equalTo("urn:enclave:problem:tenant-unavailable"));

        JsonNode answer = awaitReceipt(tenant);
        JsonNode receipt = answer.path("receipt");
        System.out.println("purge receipt: " + answer.toPrettyString());
        for (String store : new String[] { "postgresql", "search", "redis", "keycloak", "object_store" }) {
            assertTrue(receipt.path("stores").path(store).path("before").asLong() > 0, store + " had data before: " + receipt);
            assertEquals(0, receipt.path("stores").path(store).path("after").asLong(), store + " has nothing after");
        }
        assertEquals(2, receipt.path("stores").path("search").path("before").asLong(), "shared and dedicated index");
        String prefix = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("enclave.search.index-prefix", String.class);
        assertEquals(404, TenantSeed.indexStatus(prefix + "-t-" + tenant + ".v1"), "the dedicated index is deleted");
        assertTrue(receipt.path("stores").path("postgresql").path("tables").path("documents").path("before").asLong() >= 5);
        assertEquals(1, receipt.path("kafka").path("published_events").asLong());
        assertTrue(receipt.path("kafka").path("all_expired_by").isTextual(), "states when the last event expires: " + receipt);
        assertTrue(receipt.path("complete").asBoolean());
        assertEquals("grace period ended; offboarded: contract ended", receipt.path("reason").asText());
        assertEquals(ReceiptDigest.of(receipt), answer.path("digest").asText(), "the digest verifies");

        // re-counted independently of the purge's own code
        assertEquals(0, TenantSeed.count("select sum(row_count) from tenant_row_counts(?)", tenant));
        assertEquals(0, accounts.countUsersOf(new TenantId(tenant)));
        assertEquals(java.util.List.of(), bundles.list("exports/" + tenant + "/"));
        assertEquals("deleted", TenantSeed.status(tenant));
        assertEquals(1, TenantSeed.count("select count(*) from audit_log where target_tenant = ? and action = 'purge-receipt'"
                + " and reason like '%" + answer.path("digest").asText() + "%'", tenant));
        assertEquals(1, TenantSeed.count("select count(*) from audit_log where target_tenant = ? and action = 'offboard'"
                + " and outcome = 'allowed'", tenant));

        // a purged tenant cannot come back through the offboarding routes; its id can be provisioned again
        cancel(tenant).then().statusCode(409);
        offboard(tenant, "{\"reason\": \"again\"}").then().statusCode(409);
        assertEquals("registered", TenantSeed.registerAgain(tenant));
    }

    @Test
    void cancellingDuringTheGracePeriodRestoresAccessAndKeepsTheData() throws Exception {
        String tenant = TenantSeed.newId();
        String bearer = tenantWithDataEverywhere(tenant);
        try {
            offboard(tenant, "{\"reason\": \"moving away\", \"grace\": \"P7D\"}").then().statusCode(200);
            tenantApi(bearer).then().statusCode(403);
            as(Persona.ROOT).get("/admin/v1/tenants/" + tenant + "/receipt").then().statusCode(404);
            assertEquals("offboarding", TenantSeed.registerAgain(tenant), "the id is not free while the tenant exists");
            offboard(tenant, "{\"reason\": \"twice\"}").then().statusCode(409);

            cancel(tenant).then().statusCode(200).body("status", equalTo("active"));
            tenantApi(bearer).then().statusCode(200);
            assertEquals(5, TenantSeed.count("select count(*) from documents where tenant_id = ?", tenant), "the data was kept");
            cancel(tenant).then().statusCode(409);
            assertEquals(1, TenantSeed.count("select count(*) from audit_log where target_tenant = ? and action = 'cancel-offboard'"
                    + " and outcome = 'failed'", tenant));
        } finally {
            accounts.deleteUsersOf(new TenantId(tenant));
        }
    }

    @Test
    void badInputUnknownTenantsAndNonOperatorsAreRefused() throws Exception {
        String tenant = TenantSeed.newId();
        TenantSeed.register(tenant, true);
        offboard(tenant, "{\"grace\": \"PT0S\"}").then().statusCode(400);
        offboard(tenant, "{\"reason\": \"r\", \"grace\": \"30 days\"}").then().statusCode(400);
        offboard(tenant, "{\"reason\": \"r\", \"grace\": \"-PT1S\"}").then().statusCode(400);
        offboard(tenant, "{\"reason\": \"r\", \"grace\": \"P5000D\"}").then().statusCode(400);
        assertEquals("active", TenantSeed.status(tenant));

        offboard("t-no-such-tenant", "{\"reason\": \"r\"}").then().statusCode(404);
        cancel("t-no-such-tenant").then().statusCode(404);
        as(Persona.ROOT).get("/admin/v1/tenants/t-no-such-tenant/receipt").then().statusCode(404);

        as(Persona.ALICE).contentType("application/json").body("{\"reason\": \"r\"}").post("/admin/v1/tenants/acme/offboard")
                .then().statusCode(403);
        as(Persona.ALICE).contentType("application/json").body("{}").post("/admin/v1/tenants/acme/offboard/cancel").then().statusCode(403);
        as(Persona.ALICE).get("/admin/v1/tenants/acme/receipt").then().statusCode(403);
        anonymous().contentType("application/json").body("{\"reason\": \"r\"}").post("/admin/v1/tenants/acme/offboard")
                .then().statusCode(401);
        assertEquals("active", TenantSeed.status("acme"));
    }

    @Test
    void aProvisioningThatCannotFinishIsRolledBackThroughThePurge() throws Exception {
        String tenant = TenantSeed.newId();
        TenantSeed.register(tenant, false);
        TenantSeed.rows(tenant, null, 2);
        purges.start(new TenantId(tenant), "provisioning failed");
        JsonNode receipt = awaitReceipt(tenant).path("receipt");
        assertEquals(0, receipt.path("stores").path("postgresql").path("after").asLong());
        assertEquals("deleted", TenantSeed.status(tenant));
    }

    @Test
    void ofTwoInstancesStartingTheSamePurgeOneWinsAndTheOtherGets409() throws Exception {
        String tenant = TenantSeed.newId();
        TenantSeed.register(tenant, true);
        offboard(tenant, "{\"reason\": \"race\", \"grace\": \"P1D\"}").then().statusCode(200);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Callable<Integer>> attempts = java.util.List.of(() -> attempt(tenant), () -> attempt(tenant));
            var outcomes = pool.invokeAll(attempts);
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (var outcome : outcomes) {
                statuses.add(outcome.get());
            }
            statuses.sort(null);
            assertEquals(java.util.List.of(200, 409), statuses);
        } finally {
            pool.shutdown();
        }
        assertEquals(1, TenantSeed.count("select count(*) from operator_jobs where tenant = ? and kind = 'purge'", tenant));
        awaitReceipt(tenant);
    }

    private int attempt(String tenant) {
        try {
            purges.start(new TenantId(tenant), "race");
            return 200;
        } catch (dev.enclave.platform.ProblemException e) {
            return e.type().status();
        }
    }

    /** Data in every store; answers a bearer token of the tenant's owner. */
    private String tenantWithDataEverywhere(String tenant) throws Exception {
        TenantSeed.register(tenant, true);
        String username = tenant + "-owner";
        var account = accounts.ensureUser(new TenantId(tenant), username, username + "@example.test", Optional.of(username));
        TenantSeed.rows(tenant, account.id(), 5);
        TenantSeed.searchDocument(tenant);
        redis.value(String.class).set(limits.redis().keyPrefix() + "{" + tenant + "}:offboarding-test", "1");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("bundle", ".ndjson");
        try {
            java.nio.file.Files.writeString(file, "{\"title\": \"exported\"}\n");
            bundles.put("exports/" + tenant + "/e1/documents.ndjson", file, "application/x-ndjson");
        } finally {
            java.nio.file.Files.delete(file);
        }
        return "Bearer " + token(username);
    }

    private static Response tenantApi(String bearer) {
        return anonymous().header("Authorization", bearer).get("/api/v1/projects");
    }

    private static Response offboard(String tenant, String body) {
        return as(Persona.ROOT).contentType("application/json").body(body).post("/admin/v1/tenants/" + tenant + "/offboard");
    }

    private static Response cancel(String tenant) {
        return as(Persona.ROOT).contentType("application/json").body("{\"reason\": \"customer stays\"}")
                .post("/admin/v1/tenants/" + tenant + "/offboard/cancel");
    }

    private static JsonNode awaitReceipt(String tenant) throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> as(Persona.ROOT).get("/admin/v1/tenants/" + tenant + "/receipt").statusCode() == 200);
        return JSON.readTree(as(Persona.ROOT).get("/admin/v1/tenants/" + tenant + "/receipt").asString());
    }

    private static String token(String username) throws Exception {
        String form = "grant_type=password&client_id=enclave-cli&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(username, StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.Component.KEYCLOAK.url()
                + "/realms/enclave/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("access_token").asText();
    }
}
