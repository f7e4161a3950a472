package dev.enclave.limits.quota;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Concurrently;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import dev.enclave.testing.Workspace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The storage quota counts bytes of document content (title + body). A write that would pass it is refused with
 * problem+json quota-exceeded and writes nothing; deletes and shrinking writes give space back; concurrent writes
 * cannot overshoot it together.
 */
@QuarkusTest
class StorageQuotaTest {

    String project;

    @BeforeEach
    void project() {
        project = Workspace.createProject(Persona.ALICE);
    }

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.ACME);
    }

    @Test
    void aWriteThatWouldPassTheQuotaIsRefusedAndWritesNothing() {
        long used = used();
        quota(used + 150);
        Workspace.createDocumentOfSize(Persona.ALICE, project, 100).then().statusCode(201);
        Workspace.createDocumentOfSize(Persona.ALICE, project, 100).then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:quota-exceeded"))
                .body("detail", equalTo("this write needs 100 more bytes, but the tenant uses " + (used + 100) + " of its "
                        + (used + 150) + " bytes of storage; nothing was written"));
        assertThat(used(), is(used + 100));
        assertThat(documents(), hasSize(1));
    }

    @Test
    void fiftyConcurrentWritesCannotOvershootTheQuota() {
        int size = 1000;
        long used = used();
        quota(used + 10L * size + size / 2); // room for ten and a half
        List<Integer> statuses = Concurrently.run(50, i -> Workspace.createDocumentOfSize(Persona.ALICE, project, size).statusCode());
        assertThat(statuses.stream().filter(s -> s == 201).count(), is(10L));
        assertThat(statuses.stream().filter(s -> s == 403).count(), is(40L));
        assertThat(used(), is(used + 10L * size));
        assertThat(documents(), hasSize(10));
    }

    /** The database deletes a project's documents with it: their bytes go back too, or the quota only grows. */
    @Test
    void deletingAProjectGivesItsDocumentsSpaceBack() {
        long used = used();
        quota(used + 300);
        Workspace.createDocumentOfSize(Persona.ALICE, project, 100).then().statusCode(201);
        Workspace.createDocumentOfSize(Persona.ALICE, project, 150).then().statusCode(201);
        assertThat(used(), is(used + 250));
        given().header("Authorization", Persona.ALICE.bearer()).when().delete("/api/v1/projects/" + project).then().statusCode(204);
        assertThat(used(), is(used));
        String other = Workspace.createProject(Persona.ALICE);
        Workspace.createDocumentOfSize(Persona.ALICE, other, 300).then().statusCode(201);
    }

    @Test
    void aDeleteGivesTheSpaceBack() {
        long used = used();
        quota(used + 200);
        String first = Workspace.createDocumentOfSize(Persona.ALICE, project, 100).then().statusCode(201).extract().path("id");
        Workspace.createDocumentOfSize(Persona.ALICE, project, 100).then().statusCode(201);
        Workspace.createDocumentOfSize(Persona.ALICE, project, 100).then().statusCode(403);
        given().header("Authorization", Persona.ALICE.bearer()).when().delete("/api/v1/documents/" + first).then().statusCode(204);
        assertThat(used(), is(used + 100));
        Workspace.createDocumentOfSize(Persona.ALICE, project, 100).then().statusCode(201);
        assertThat(used(), is(used + 200));
    }

    @Test
    void growingNeedsRoomAndShrinkingGivesSpaceBack() {
        long used = used();
        quota(used + 150);
        Response created = Workspace.createDocumentOfSize(Persona.ALICE, project, 100);
        String id = created.path("id");
        String etag = created.header("ETag");
        given().header("Authorization", Persona.ALICE.bearer()).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("title", "t", "body", "y".repeat(199), "tags", List.of(), "status", "draft"))
                .when().put("/api/v1/documents/" + id)
                .then().statusCode(403).body("type", equalTo("urn:enclave:problem:quota-exceeded"));
        given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/documents/" + id)
                .then().statusCode(200).header("ETag", etag).body("sizeBytes", equalTo(100));
        given().header("Authorization", Persona.ALICE.bearer()).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("body", "short"))
                .when().patch("/api/v1/documents/" + id)
                .then().statusCode(200).body("sizeBytes", equalTo(6));
        assertThat(used(), is(used + 6));
    }

    @Test
    void aFailedWriteChargesNothing() {
        Response created = Workspace.createDocumentOfSize(Persona.ALICE, project, 100);
        long used = used();
        given().header("Authorization", Persona.ALICE.bearer()).header("If-Match", "\"999\"").contentType(ContentType.JSON)
                .body(Map.of("body", "z".repeat(5000)))
                .when().patch("/api/v1/documents/" + created.path("id"))
                .then().statusCode(412);
        assertThat(used(), is(used));
    }

    @Test
    void theQuotaIsTheTenantsAlone() {
        quota(used()); // acme is full
        Workspace.createDocumentOfSize(Persona.ALICE, project, 10).then().statusCode(403);
        String globexProject = Workspace.createProject(Persona.BOB);
        Workspace.createDocumentOfSize(Persona.BOB, globexProject, 10).then().statusCode(201);
    }

    private void quota(long bytes) {
        TenantLimitsFixture.set(Persona.ACME, Map.of("storageBytes", bytes));
    }

    private static long used() {
        return ((Number) given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/usage")
                .then().statusCode(200).extract().path("storage.usedBytes")).longValue();
    }

    private List<Object> documents() {
        return given().header("Authorization", Persona.ALICE.bearer()).queryParam("limit", 200)
                .when().get("/api/v1/projects/" + project + "/documents")
                .then().statusCode(200).extract().path("items");
    }
}
