package dev.enclave.tenant.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.enclave.identity.TenantAccounts;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;

/** The tenants admin API's answers to operators and to everyone else, and its refusals of bad input. */
@QuarkusTest
class TenantsAdminResourceTest {

    private static final String TENANTS = Provisioning.TENANTS;

    @Inject
    TenantAccounts accounts;

    private final List<String> provisioned = new ArrayList<>();

    @AfterEach
    void removeOwnersFromKeycloak() {
        // Keycloak is shared by every test run; the test database is cleaned at each start.
        provisioned.forEach(id -> accounts.deleteUsersOf(new TenantId(id)));
    }

    @Test
    void noOneButAnOperatorMayUseAnyRoute() {
        for (Persona persona : List.of(Persona.ALICE, Persona.BOB, Persona.MALLORY)) {
            List<Response> answers = List.of(
                    as(persona).get(TENANTS),
                    as(persona).get(TENANTS + "/acme"),
                    as(persona).contentType(ContentType.JSON).body(Provisioning.body("t-nope", "nope-owner", "shared")).post(TENANTS),
                    as(persona).contentType(ContentType.JSON).body(Map.of("reason", "x")).post(TENANTS + "/acme/suspend"),
                    as(persona).post(TENANTS + "/acme/resume"));
            for (Response answer : answers) {
                assertEquals(403, answer.statusCode(), persona + ": " + answer.asString());
                assertEquals("application/problem+json", answer.contentType());
            }
        }
        given().when().get(TENANTS).then().statusCode(401);
        given().header("Authorization", Persona.ROOT.bearer()).when().get(TENANTS + "/t-nope").then().statusCode(404);
    }

    @Test
    void badInputIs400NamingTheField() {
        assertInvalid(with("id", "Not_A_Slug"), "id");
        assertInvalid(with("id", "-x"), "id");
        assertInvalid(with("plan", "platinum"), "plan");
        assertInvalid(with("homeRegion", "mars-1"), "homeRegion");
        assertInvalid(with("searchPlacement", "elsewhere"), "searchPlacement");
        assertInvalid(with("owner", Map.of("username", "A B", "email", "a@b.test")), "owner.username");
        assertInvalid(with("owner", Map.of("username", "abc", "email", "not-an-email")), "owner.email");
        assertInvalid(with("name", ""), "name");
        Map<String, Object> unknown = with("tenantOwner", "eve");
        Provisioning.post(unknown, null).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("tenantOwner"));
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of())
                .post(TENANTS + "/acme/suspend").then().statusCode(400).body("detail", containsString("reason"));
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("reason", "x".repeat(501)))
                .post(TENANTS + "/acme/suspend").then().statusCode(400);
    }

    @Test
    void refusedActionsAreAuditedWithTheirOutcome() {
        String id = Provisioning.randomId();
        Provisioning.post(new HashMap<>(Map.of("id", id, "name", "X", "plan", "platinum", "homeRegion", "local",
                "searchPlacement", "shared", "owner", Map.of("username", "some-owner", "email", "o@x.test"))), null)
                .then().statusCode(400);
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("reason", "test"))
                .post(TENANTS + "/" + id + "/suspend").then().statusCode(404);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> entries = given().header("Authorization", Persona.ROOT.bearer())
                    .queryParam("tenant", id).queryParam("outcome", "failed").when().get("/admin/v1/audit")
                    .then().statusCode(200).extract().jsonPath().getList("items");
            List<Object> actions = entries.stream().map(e -> e.get("action")).toList();
            org.hamcrest.MatcherAssert.assertThat(actions, org.hamcrest.Matchers.hasItems("provision", "suspend"));
        });
    }

    @Test
    void aTakenIdIs409() {
        Provisioning.post(Provisioning.body(Persona.ACME, "acme-second-owner", "shared"), null)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("active"));
    }

    @Test
    void theSameKeyReplaysTheFirstAnswerAndRefusesAnotherBody() {
        String id = Provisioning.randomId();
        provisioned.add(id);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Provisioning.body(id, "own-" + id, "shared");
        Response first = Provisioning.post(body, key);
        first.then().statusCode(201).body("tenant.id", equalTo(id)).body("tenant.status", equalTo("provisioning"))
                .body("job", notNullValue());
        assertEquals(TENANTS + "/" + id, first.header("Location").replaceFirst("^https?://[^/]+", ""));

        Response replay = Provisioning.post(body, key);
        replay.then().statusCode(201);
        assertEquals(first.header("Location"), replay.header("Location"));
        assertEquals(first.jsonPath().getString("job"), replay.jsonPath().getString("job"));

        Map<String, Object> other = new HashMap<>(body);
        other.put("name", "Another name");
        Provisioning.post(other, key).then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:idempotency-key-reused"));
        // Without the key the same body is a new request: the id is taken now.
        Provisioning.post(body, null).then().statusCode(409);
        Provisioning.awaitStatus(id, "active");
    }

    @Test
    void theListPagesByIdAndFilters() {
        Response page = given().header("Authorization", Persona.ROOT.bearer()).queryParam("limit", 1).when().get(TENANTS);
        page.then().statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(Persona.ACME))
                .body("nextCursor", notNullValue());
        given().header("Authorization", Persona.ROOT.bearer()).queryParam("limit", 1)
                .queryParam("cursor", page.jsonPath().getString("nextCursor")).when().get(TENANTS)
                .then().statusCode(200).body("items[0].id", equalTo(Persona.GLOBEX));
        given().header("Authorization", Persona.ROOT.bearer()).queryParam("plan", "pro").when().get(TENANTS)
                .then().statusCode(200).body("items.id", hasItem(Persona.ACME)).body("items.plan", everyItem(equalTo("pro")));
        given().header("Authorization", Persona.ROOT.bearer()).queryParam("status", "suspended").queryParam("region", "local")
                .when().get(TENANTS).then().statusCode(200).body("items.status", everyItem(equalTo("suspended")));
        for (String bad : List.of("status=asleep", "plan=platinum", "region=mars-1", "cursor=%%%", "limit=0")) {
            given().header("Authorization", Persona.ROOT.bearer()).when().get(TENANTS + "?" + bad)
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void aTenantIsShownWithItsFigures() {
        given().header("Authorization", Persona.ROOT.bearer()).when().get(TENANTS + "/acme")
                .then().statusCode(200).body("id", equalTo(Persona.ACME)).body("status", equalTo("active"))
                .body("plan", equalTo("pro")).body("homeRegion", equalTo("local")).body("placements.search", notNullValue())
                .body("statusReason", nullValue()).body("members", notNullValue()).body("documents", notNullValue())
                .body("storedBytes", notNullValue()).body("aiTokensThisMonth", notNullValue()).body("eventsPending", notNullValue());
    }

    @Test
    void wrongStatesAndUnknownTenants() {
        given().header("Authorization", Persona.ROOT.bearer()).when().post(TENANTS + "/acme/resume")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("active"));
        given().header("Authorization", Persona.ROOT.bearer()).when().post(TENANTS + "/t-unknown/resume").then().statusCode(404);
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .when().post(TENANTS + "/t-unknown/suspend").then().statusCode(404);
        given().header("Authorization", Persona.ROOT.bearer()).when().get(TENANTS + "/NOT..valid").then().statusCode(404);
    }

    private static io.restassured.specification.RequestSpecification as(Persona persona) {
        return given().header("Authorization", persona.bearer()).when();
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = new HashMap<>(Provisioning.body(Provisioning.randomId(), "some-owner", "shared"));
        body.put(field, value);
        return body;
    }

    private static void assertInvalid(Map<String, Object> body, String field) {
        Response answer = Provisioning.post(body, null);
        assertEquals(400, answer.statusCode(), field + ": " + answer.asString());
        assertEquals("application/problem+json", answer.contentType());
        assertNotEquals(-1, answer.asString().indexOf(field), field + " named in " + answer.asString());
    }
}
