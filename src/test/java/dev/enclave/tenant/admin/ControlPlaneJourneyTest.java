package dev.enclave.tenant.admin;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.enclave.identity.TenantAccounts;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;

/**
 * Issue 13's whole journey through the control plane, against the real stack (PostgreSQL with RLS, Kafka, OpenSearch,
 * Keycloak, Redis, the S3 store): provision a tenant, its owner signs in through Keycloak and writes and searches,
 * suspend (a token issued before is refused) and resume, export, import into a second tenant, export the copy (same
 * counts and content digests), offboard, purge, and a receipt that shows, re-counted from every store, nothing left.
 * The purge's survival of {@code kill -9} is {@code PurgeKillIT} (it needs the packaged app as a process of its own).
 */
@QuarkusTest
class ControlPlaneJourneyTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    TenantAccounts accounts;

    private final List<String> tenants = new java.util.ArrayList<>();

    @AfterEach
    void removeUsersFromKeycloak() {
        tenants.forEach(t -> accounts.deleteUsersOf(new TenantId(t)));
    }

    @Test
    void provisionWorkSuspendResumeExportImportOffboardPurgeReceipt() {
        // Provision, and the owner works.
        String source = provisioned("own");
        String owner = "own-" + source;
        String token = Provisioning.accessToken(owner);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(token).get("/api/v1/me").statusCode() == 200);
        List<String> documents = new java.util.ArrayList<>();
        for (String slug : List.of("alpha", "beta")) {
            String project = as(token).contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Project " + slug))
                    .post("/api/v1/projects").then().statusCode(201).extract().path("id");
            for (int i = 0; i < 2; i++) {
                documents.add(as(token).contentType(ContentType.JSON)
                        .body(Map.of("title", slug + " note " + i, "body", "the quokka migration plan, part " + i, "tags", List.of(slug)))
                        .post("/api/v1/projects/" + project + "/documents").then().statusCode(201).extract().path("id"));
            }
        }
        // Tests give the search indexer a topic of its own (SearchRunResource): the operator's rebuild indexes them.
        asRoot().post("/admin/v1/tenants/" + source + "/reindex").then().statusCode(200);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> as(token).queryParam("q", "quokka")
                .get("/api/v1/search").then().extract().jsonPath().getList("items.id").containsAll(documents));

        // Suspend: the token issued before is refused; resume: it works again.
        Provisioning.suspend(source, "journey").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(token).get("/api/v1/projects").statusCode() == 403);
        as(token).get("/api/v1/projects").then().body("type", equalTo("urn:enclave:problem:tenant-suspended"));
        Provisioning.resume(source).then().statusCode(200).body("status", equalTo("active"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(Provisioning.accessToken(owner)).get("/api/v1/projects").statusCode() == 200);

        // Export, import into a second tenant, export the copy: same counts and content digests.
        JsonPath original = finished(source, "exports", started(source, "exports", null));
        assertEquals(4, count(original, "documents"));
        assertEquals(2, count(original, "projects"));
        String copy = provisioned("cop");
        finished(copy, "imports", started(copy, "imports", Map.of("from", Map.of("tenant", source, "export",
                original.getString("id")))));
        JsonPath copied = finished(copy, "exports", started(copy, "exports", null));
        for (String entity : List.of("projects", "documents")) {
            assertEquals(count(original, entity), count(copied, entity), entity);
            assertEquals(file(original, entity).get("contentDigest"), file(copied, entity).get("contentDigest"), entity);
        }
        String copyToken = Provisioning.accessToken("cop-" + copy);
        as(copyToken).queryParam("q", "quokka").get("/api/v1/search").then().statusCode(200).body("total", equalTo(4))
                .body("items.title", hasItems("alpha note 0", "beta note 1"));

        // Offboard with no grace: purged, and the receipt shows every store empty, re-counted.
        asRoot().contentType(ContentType.JSON).body(Map.of("reason", "journey ends", "grace", "PT0S"))
                .post("/admin/v1/tenants/" + source + "/offboard").then().statusCode(200).body("status", equalTo("offboarding"));
        as(token).get("/api/v1/projects").then().statusCode(403);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> asRoot().get("/admin/v1/tenants/" + source + "/receipt").statusCode() == 200);
        JsonPath receipt = asRoot().get("/admin/v1/tenants/" + source + "/receipt").then().statusCode(200).extract().jsonPath();
        for (String store : List.of("postgresql", "search", "keycloak", "object_store")) {
            assertTrue(receipt.getLong("receipt.stores." + store + ".before") > 0, store + " had data: " + receipt.prettify());
            assertEquals(0L, receipt.getLong("receipt.stores." + store + ".after"), store + " is empty: " + receipt.prettify());
        }
        assertEquals(4L, receipt.getLong("receipt.stores.postgresql.tables.documents.before"));
        assertEquals(4L, receipt.getLong("receipt.stores.search.before"));
        assertTrue(receipt.getBoolean("receipt.complete"));
        Provisioning.get(source).then().statusCode(200).body("status", equalTo("deleted"));
        assertEquals(400, Provisioning.passwordGrant(owner).statusCode(), "the purged tenant's owner is gone from Keycloak");
        // The copy is untouched by the source's purge.
        as(copyToken).get("/api/v1/projects").then().statusCode(200).body("items.size()", equalTo(2));
    }

    private String provisioned(String prefix) {
        String id = Provisioning.randomId();
        tenants.add(id);
        Provisioning.post(Provisioning.body(id, prefix + "-" + id, "shared"), UUID.randomUUID().toString()).then().statusCode(201);
        Provisioning.awaitStatus(id, "active");
        return id;
    }

    private static String started(String tenant, String kind, Object body) {
        RequestSpecification request = asRoot();
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        Response answer = request.post("/admin/v1/tenants/" + tenant + "/" + kind);
        answer.then().statusCode(202);
        return answer.jsonPath().getString("id");
    }

    private static JsonPath finished(String tenant, String kind, String job) {
        String path = "/admin/v1/tenants/" + tenant + "/" + kind + "/" + job;
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("succeeded", "failed").contains(asRoot().get(path).jsonPath().getString("state")));
        JsonPath done = asRoot().get(path).then().statusCode(200).extract().jsonPath();
        assertEquals("succeeded", done.getString("state"), done.prettify());
        return done;
    }

    private static Map<String, Object> file(JsonPath export, String entity) {
        for (Map<String, Object> file : export.<Map<String, Object>>getList("result.manifest.files")) {
            if (entity.equals(file.get("entity"))) {
                return new HashMap<>(file);
            }
        }
        throw new AssertionError("no " + entity + " in " + export.prettify());
    }

    private static long count(JsonPath export, String entity) {
        return ((Number) file(export, entity).get("count")).longValue();
    }

    private static RequestSpecification asRoot() {
        return given().header("Authorization", Persona.ROOT.bearer()).when();
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).when();
    }
}
