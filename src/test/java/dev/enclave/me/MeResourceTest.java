package dev.enclave.me;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import io.quarkus.test.junit.QuarkusTest;

/** The first vertical slice: real Keycloak tokens in, the tenant of the verified token out. */
@QuarkusTest
class MeResourceTest {

    @Test
    void aliceIsInAcme() {
        given().header("Authorization", Persona.ALICE.bearer())
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("tenant", equalTo(Persona.ACME))
                .body("subject", equalTo(Persona.ALICE.subject))
                .body("username", equalTo("alice"));
    }

    @Test
    void bobIsInGlobex() {
        given().header("Authorization", Persona.BOB.bearer())
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("tenant", equalTo(Persona.GLOBEX))
                .body("subject", equalTo(Persona.BOB.subject));
    }

    @Test
    void rootSeesThePlatformOperatorRoleButHasNoTenant() {
        given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/api/v1/me")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:no-tenant"));
    }

    @Test
    void noTokenIs401ProblemJson() {
        given().when().get("/api/v1/me")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
    }

    @Test
    void aTokenWhosePayloadWasEditedIs401() {
        given().header("Authorization", "Bearer " + Tokens.withTenant(Persona.BOB.token(), Persona.ACME))
                .when().get("/api/v1/me")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void garbageTokenIs401() {
        given().header("Authorization", "Bearer not.a.jwt")
                .when().get("/api/v1/me")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenWithoutTenantClaimIs403ProblemJson() {
        given().header("Authorization", Persona.MALLORY.bearer())
                .when().get("/api/v1/me")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("title", equalTo("No tenant"))
                .body("detail", equalTo("the access token names no tenant"));
    }

    @Test
    void rolesComeFromTheToken() {
        given().header("Authorization", Persona.ALICE.bearer())
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("roles", hasItem("default-roles-enclave"));
    }

    /** Token surgery for tests: rewrites the payload's tenant claim and keeps the (now wrong) signature. */
    static final class Tokens {
        static String withTenant(String jwt, String tenant) {
            String[] parts = jwt.split("\\.");
            var decoder = java.util.Base64.getUrlDecoder();
            var encoder = java.util.Base64.getUrlEncoder().withoutPadding();
            String payload = new String(decoder.decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
            String edited = payload.replaceAll("\"tenant_id\":\"[^\"]*\"", "\"tenant_id\":\"" + tenant + "\"");
            if (edited.equals(payload)) {
                throw new IllegalStateException("token has no tenant_id claim to edit");
            }
            return parts[0] + "." + encoder.encodeToString(edited.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        }
    }
}
