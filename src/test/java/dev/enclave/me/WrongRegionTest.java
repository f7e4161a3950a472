package dev.enclave.me;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A deployment serves only its own region's tenants; the dev tenants live in region "local". */
@QuarkusTest
@TestProfile(WrongRegionTest.EuWestDeployment.class)
class WrongRegionTest {

    public static class EuWestDeployment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("enclave.tenancy.region", "eu-west");
        }
    }

    @Test
    void anotherRegionsTenantIsToldWhereToGo() {
        given().header("Authorization", Persona.ALICE.bearer())
                .when().get("/api/v1/projects")
                .then().statusCode(421)
                .contentType("application/problem+json")
                .header("Enclave-Region", "local")
                .body("type", equalTo("urn:enclave:problem:wrong-region"))
                .body("detail", containsString("region local"));
    }
}
