package dev.enclave.search;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.enclave.testing.Persona;

/**
 * Tenant B (Bob, globex) tries to widen his search into tenant A's (Alice, acme) documents. Whatever the text or
 * parameters, the answer is 200 with only globex's documents or a 400, never a 5xx, and never a trace of acme.
 */
@QuarkusTest
class HostileQueryTest {

    @Inject
    SearchFixtures fixtures;

    String secret;
    UUID aliceProject;
    String aliceDoc;
    String aliceCursor;

    @BeforeEach
    void aliceHasSecrets() {
        secret = SearchFixtures.word();
        aliceProject = SearchFixtures.project(Persona.ALICE);
        aliceDoc = fixtures.indexed(Persona.ALICE, aliceProject, "Acme " + secret + " merger",
                "Confidential: " + secret + " terms", List.of("tag-" + secret)).getString("id");
        for (int i = 0; i < 2; i++) {
            fixtures.indexed(Persona.ALICE, aliceProject, secret + " more " + i, secret, List.of());
        }
        fixtures.indexed(Persona.BOB, SearchFixtures.project(Persona.BOB), "Globex plan " + secret.substring(0, 5), "ours", List.of());
        // Control: the secret is findable, by its owner.
        aliceCursor = SearchFixtures.search(Persona.ALICE, Map.of("q", secret, "limit", "1")).statusCode(200)
                .body("total", equalTo(3)).extract().path("nextCursor");
    }

    @Test
    void hostileTextFindsNothingOfAnotherTenant() {
        List<String> texts = List.of(
                secret,
                "tenant_id:acme",
                "tenant_id:acme " + secret,
                "tenant_id:*",
                "*",
                "*:*",
                "_all",
                "_all:" + secret,
                "title:" + secret,
                "_id:acme:" + aliceDoc,
                "acme:" + aliceDoc,
                aliceDoc,
                secret + " OR tenant_id:acme",
                secret + " | *",
                "+tenant_id:acme",
                "-tenant_id:globex",
                "NOT globex",
                secret + "*",
                "*" + secret.substring(2) + "*",
                secret + "~2",
                "/zq.*/",
                "(" + secret + ")",
                secret + "^100",
                "{\"match_all\":{}}",
                "{\"query\":{\"term\":{\"tenant_id\":\"acme\"}}}",
                "{\"bool\":{\"should\":[{\"match\":{\"title\":\"" + secret + "\"}}]}}",
                "{\"script\":{\"source\":\"doc['tenant_id'].value == 'acme'\"}}",
                "\"}}, {\"match_all\": {}}, {\"",
                "'); DROP TABLE documents; --",
                "routing=acme " + secret,
                "\u0000" + secret + "\u001b[0m",
                "<script>alert(1)</script> " + secret,
                "\\" + secret + "\\",
                "\"" + secret,
                "x".repeat(200));
        for (String text : texts) {
            assertNothingOfAcme("q=" + text, SearchFixtures.search(Persona.BOB, Map.of("q", text)).extract().response());
        }
    }

    @Test
    void hostileParametersFindNothingOfAnotherTenant() {
        List<Map<String, String>> attempts = new ArrayList<>();
        attempts.add(Map.of("q", secret, "projectId", aliceProject.toString()));
        attempts.add(Map.of("projectId", aliceProject.toString()));
        attempts.add(Map.of("tag", "tag-" + secret));
        attempts.add(Map.of("q", secret, "cursor", aliceCursor));
        attempts.add(Map.of("q", secret, "tenant_id", Persona.ACME, "tenant", Persona.ACME, "routing", Persona.ACME, "index", "_all"));
        attempts.add(Map.of("q", "x".repeat(3000)));
        attempts.add(Map.of("q", secret, "limit", "100000"));
        attempts.add(Map.of("q", secret, "cursor", java.util.Base64.getUrlEncoder().encodeToString("NaN|x".getBytes())));
        for (Map<String, String> params : attempts) {
            assertNothingOfAcme(params.toString(), SearchFixtures.search(Persona.BOB, new LinkedHashMap<>(params)).extract().response());
        }
        // Longer than an HTTP request line may be: refused by the HTTP layer (414) before any code of ours runs.
        Response huge = RestAssured.given().header("Authorization", Persona.BOB.bearer()).queryParam("q", "x".repeat(10_000))
                .when().get("/api/v1/search");
        assertTrue(huge.statusCode() == 414 || huge.statusCode() == 400, "10k query answered " + huge.statusCode());
        Response spoofedHeader = RestAssured.given().header("Authorization", Persona.BOB.bearer()).header("X-Tenant-Id", Persona.ACME)
                .queryParam("q", secret).when().get("/api/v1/search");
        assertNothingOfAcme("X-Tenant-Id header", spoofedHeader);
    }

    @Test
    void bobStillFindsHisOwn() {
        SearchFixtures.search(Persona.BOB, Map.of("q", "globex plan " + secret.substring(0, 5))).statusCode(200)
                .body("total", greaterThanOrEqualTo(1));
    }

    private void assertNothingOfAcme(String attempt, Response response) {
        int status = response.statusCode();
        assertTrue(status == 200 || status == 400, attempt + " answered " + status);
        String body = response.asString();
        assertFalse(body.contains(secret), attempt + " leaked acme's text: " + body);
        assertFalse(body.contains(aliceDoc), attempt + " leaked an acme id");
        assertFalse(body.contains(aliceProject.toString()), attempt + " leaked an acme project");
        if (status == 200) {
            for (Object tenantOwned : new JsonPath(body).getList("items.projectId")) {
                assertFalse(aliceProject.toString().equals(tenantOwned), attempt);
            }
        } else {
            assertTrue(response.contentType().startsWith("application/problem+json"), attempt);
        }
    }
}
