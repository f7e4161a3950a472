package dev.enclave.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.enclave.member.MemberRole;
import dev.enclave.testing.Endpoint.Target;

/** Test data made through the API as the tenants' owners, and the few facts about the personas tests rely on. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification as(Persona persona) {
        return anonymous().header("Authorization", persona.bearer());
    }

    /**
     * A request to the application under test. Quarkus points RestAssured at it only around each test method; from
     * a static {@code @BeforeAll} RestAssured would still aim at port 8080, where the local stack's own service
     * may be running: refuse rather than write test data there.
     */
    public static RequestSpecification anonymous() {
        if (io.restassured.RestAssured.port == io.restassured.RestAssured.DEFAULT_PORT) {
            throw new IllegalStateException("RestAssured is not aimed at the test application; make fixtures inside a test method");
        }
        return given();
    }

    /** The personas' membership roles (R__dev_tenants.sql). */
    public static MemberRole roleOf(Persona persona) {
        return switch (persona) {
            case ALICE, BOB -> MemberRole.OWNER;
            case CAROL -> MemberRole.VIEWER;
            case DAVE -> MemberRole.MEMBER;
            case ROOT, MALLORY -> throw new IllegalArgumentException(persona + " is a member of no tenant");
        };
    }

    public static Persona ownerOf(String tenant) {
        return switch (tenant) {
            case Persona.ACME -> Persona.ALICE;
            case Persona.GLOBEX -> Persona.BOB;
            default -> throw new IllegalArgumentException(tenant);
        };
    }

    public static String otherTenant(String tenant) {
        return tenant.equals(Persona.ACME) ? Persona.GLOBEX : Persona.ACME;
    }

    public static String settingsBody() {
        return "{\"displayName\":\"Settings " + suffix() + "\",\"locale\":\"en\",\"timeZone\":\"Europe/Paris\","
                + "\"defaultDocumentStatus\":\"draft\",\"allowedEmailDomains\":[],\"auditRetentionDays\":90}";
    }

    /** A member (invited, unbound), a project and one document in it, made by the tenant's owner; all named "Target". */
    public static Target target(String tenant) {
        Persona owner = ownerOf(tenant);
        UUID member = UUID.fromString(created(as(owner).contentType("application/json")
                .body("{\"email\":\"target-" + suffix() + "@" + tenant + ".test\",\"displayName\":\"Target\",\"role\":\"member\"}")
                .post("/api/v1/members")).path("id"));
        UUID project = createProject(owner, "target-" + suffix(), "Target");
        UUID document = createDocument(owner, project, "{\"title\":\"Target\",\"tags\":[\"target\"]}");
        return new Target(tenant, member, project, document);
    }

    public static UUID createProject(Persona persona, String slug, String name) {
        return UUID.fromString(created(as(persona).contentType("application/json")
                .body("{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\"}").post("/api/v1/projects")).path("id"));
    }

    public static UUID createDocument(Persona persona, UUID project, String json) {
        return UUID.fromString(created(as(persona).contentType("application/json").body(json)
                .post("/api/v1/projects/" + project + "/documents")).path("id"));
    }

    private static Response created(Response response) {
        assertEquals(201, response.statusCode(), () -> "fixture not created: " + response.asString());
        return response;
    }

    /** The target as its owner sees it: every part still there, unchanged, and the project holds only its document. */
    public static void assertIntact(Target target) {
        Persona owner = ownerOf(target.tenant());
        as(owner).get("/api/v1/members/" + target.member()).then().statusCode(200)
                .body("displayName", org.hamcrest.Matchers.equalTo("Target"))
                .body("role", org.hamcrest.Matchers.equalTo("member"))
                .body("version", org.hamcrest.Matchers.equalTo(0));
        as(owner).get("/api/v1/projects/" + target.project()).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Target"))
                .body("version", org.hamcrest.Matchers.equalTo(0));
        as(owner).get("/api/v1/documents/" + target.document()).then().statusCode(200)
                .body("title", org.hamcrest.Matchers.equalTo("Target"))
                .body("version", org.hamcrest.Matchers.equalTo(0));
        assertEquals(List.of(target.document().toString()), ids(owner, "/api/v1/projects/" + target.project() + "/documents"));
    }

    /** Every id of a list, following its cursors (bounded: 50 pages of 200). */
    public static List<String> ids(Persona persona, String path) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 50; page++) {
            RequestSpecification request = as(persona).queryParam("limit", 200);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            Response response = request.get(path);
            assertEquals(200, response.statusCode(), () -> "list failed: " + response.asString());
            ids.addAll(response.path("items.id"));
            cursor = response.path("nextCursor");
            if (cursor == null) {
                return ids;
            }
        }
        throw new AssertionError("more than 50 pages at " + path);
    }

    /** A problem document without its request id: what must be identical for a foreign and a missing id. */
    public static Map<String, Object> withoutRequestId(Response response) {
        Map<String, Object> body = new java.util.TreeMap<>(response.jsonPath().getMap("$"));
        body.remove("requestId");
        return body;
    }
}
