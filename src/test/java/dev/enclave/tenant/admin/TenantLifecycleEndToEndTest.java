package dev.enclave.tenant.admin;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.enclave.events.EventType;
import dev.enclave.events.ProjectSnapshot;
import dev.enclave.events.outbox.DomainEvents;
import dev.enclave.identity.TenantAccounts;
import dev.enclave.jobs.JobState;
import dev.enclave.jobs.JobView;
import dev.enclave.jobs.OperatorJobs;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.Persona;

/**
 * A tenant's life through the control plane, against the real stack: provisioned with its owner in Keycloak, the
 * owner signs in and works, suspended (a token issued before is refused, the owner cannot sign in, its events wait
 * in the outbox), resumed (all of it back, the waiting events applied).
 */
@QuarkusTest
class TenantLifecycleEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    TenantAccounts accounts;
    @Inject
    OperatorJobs jobs;
    @Inject
    TenantScope scope;
    @Inject
    DomainEvents events;

    private String tenant;

    @AfterEach
    void removeOwnerFromKeycloak() {
        if (tenant != null) {
            accounts.deleteUsersOf(new TenantId(tenant));
        }
    }

    @Test
    void provisionedWorkedInSuspendedAndResumed() {
        tenant = Provisioning.randomId();
        String owner = "own-" + tenant;
        Response created = Provisioning.post(Provisioning.body(tenant, owner, "dedicated"), UUID.randomUUID().toString());
        created.then().statusCode(201).body("tenant.status", equalTo("provisioning"));
        Provisioning.awaitStatus(tenant, "active");
        JobView job = jobs.find(new TenantId(tenant), UUID.fromString(created.jsonPath().getString("job"))).orElseThrow();
        assertEquals(JobState.SUCCEEDED, job.state());
        Provisioning.get(tenant).then().body("placements.search", equalTo("dedicated"))
                .body("provisioning.state", equalTo("succeeded")).body("provisioning.step", equalTo("activate"));

        // The owner signs in through Keycloak (password = username in the test profile) and works.
        String token = Provisioning.accessToken(owner);
        // Every instance sees the new status within the registry's TTL (2 s).
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(token).get("/api/v1/me").statusCode() == 200);
        String project = as(token).contentType(ContentType.JSON).body(Map.of("slug", "first", "name", "First"))
                .post("/api/v1/projects").then().statusCode(201).extract().path("id");
        String document = as(token).contentType(ContentType.JSON)
                .body(Map.of("title", "Kickoff notes", "body", "the zeppelin launch plan"))
                .post("/api/v1/projects/" + project + "/documents").then().statusCode(201).extract().path("id");
        as(token).get("/api/v1/me").then().statusCode(200).body("tenant", equalTo(tenant));
        // In tests the search indexer reads a topic of its own (SearchRunResource): the operator's rebuild indexes
        // the document into the tenant's dedicated index instead.
        given().header("Authorization", Persona.ROOT.bearer()).when().post(Provisioning.TENANTS + "/" + tenant + "/reindex")
                .then().statusCode(200).body("indexed", org.hamcrest.Matchers.greaterThanOrEqualTo(1)).body("placement", equalTo("dedicated"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> as(token).queryParam("q", "zeppelin")
                .get("/api/v1/search").then().extract().jsonPath().getList("items.id").contains(document));

        // Suspended: the token issued before is refused everywhere, the owner cannot sign in.
        Provisioning.suspend(tenant, "unpaid invoice").then().statusCode(200).body("status", equalTo("suspended"))
                .body("statusReason", equalTo("unpaid invoice"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(token).get("/api/v1/me").statusCode() == 403);
        for (String path : List.of("/api/v1/me", "/api/v1/projects", "/api/v1/documents/" + document, "/api/v1/search?q=zeppelin",
                "/api/v1/activity", "/api/v1/usage")) {
            as(token).get(path).then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("urn:enclave:problem:tenant-suspended"));
        }
        as(token).contentType(ContentType.JSON).body(Map.of("slug", "second", "name", "Second")).post("/api/v1/projects")
                .then().statusCode(403).body("type", equalTo("urn:enclave:problem:tenant-suspended"));
        assertEquals(400, Provisioning.passwordGrant(owner).statusCode(), "a suspended tenant's user cannot sign in");
        Provisioning.suspend(tenant, "again").then().statusCode(409);

        // An event recorded while suspended stays in the outbox (not published, so not dead-lettered)...
        UUID heldProject = UUID.randomUUID();
        scope.runAs(new TenantId(tenant), () -> QuarkusTransaction.requiringNew().run(() -> events.record(
                EventType.PROJECT_CREATED, heldProject, 0, new ProjectSnapshot(heldProject, "held", "Held while suspended"))));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> EventPipeline.unsettled(tenant) > 0);

        // ...and is applied after the resume, when everything is back.
        Provisioning.resume(tenant).then().statusCode(200).body("status", equalTo("active")).body("statusReason", is((String) null));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(token).get("/api/v1/me").statusCode() == 200);
        String fresh = Provisioning.accessToken(owner);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> as(fresh).get("/api/v1/activity?limit=200")
                .then().extract().jsonPath().getList("items.aggregateId").contains(heldProject.toString()));
        as(fresh).queryParam("q", "zeppelin").get("/api/v1/search").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(document));
        Provisioning.resume(tenant).then().statusCode(409).body("detail", containsString("active"));
        Provisioning.get(tenant).then().statusCode(200).body("members", is(1)).body("documents", is(1));
    }

    @Test
    void anOwnerWhoseUsernameOrEmailIsTakenIsRefusedBeforeAnythingIsRegistered() {
        tenant = Provisioning.randomId();
        for (Map<String, String> owner : List.of(Map.of("username", Persona.ALICE.username, "email", "alice@" + tenant + ".test"),
                Map.of("username", "own-" + tenant, "email", "alice@acme.test"))) {
            Map<String, Object> body = Map.of("id", tenant, "name", "Impostor", "plan", "free", "homeRegion", "local",
                    "searchPlacement", "shared", "owner", owner);
            Provisioning.post(body, null).then().statusCode(409).contentType("application/problem+json")
                    .body("detail", containsString("already taken"));
            Provisioning.get(tenant).then().statusCode(404);
        }
        // Alice is untouched: still acme's, still signs in.
        assertEquals(200, Provisioning.passwordGrant(Persona.ALICE.username).statusCode());
        tenant = null; // nothing was made
    }

    private static io.restassured.specification.RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).when();
    }
}
