package dev.enclave.me;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With the identity provider unreachable the service still starts, and bearer requests answer 503, not 500. */
@QuarkusTest
@TestProfile(IdentityProviderDownTest.UnreachableIssuer.class)
class IdentityProviderDownTest {

    public static class UnreachableIssuer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Nothing listens on port 9 (discard) on loopback here: connection refused, like a provider that is down.
            return Map.of("quarkus.oidc.auth-server-url", "http://127.0.0.1:9/realms/enclave");
        }
    }

    @Test
    void bearerRequestIs503ProblemJson() {
        given().header("Authorization", Persona.ALICE.bearer())
                .when().get("/api/v1/me")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("title", equalTo("Service unavailable"));
    }
}
