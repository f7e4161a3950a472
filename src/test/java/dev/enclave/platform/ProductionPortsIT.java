package dev.enclave.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.enclave.testing.PackagedApp;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged build (what production runs) serves health, metrics and the OpenAPI document on the management
 * interface only, and no Swagger UI at all: none of them is reachable on the public API port (issue 17).
 */
@QuarkusIntegrationTest
class ProductionPortsIT {

    @ParameterizedTest
    @ValueSource(strings = { "/q/metrics", "/q/health", "/q/health/ready", "/q/openapi", "/q/swagger-ui", "/q/swagger-ui/",
            "/q/dev-ui" })
    void managementEndpointsAreNotOnTheApiPort(String path) {
        given().when().get(path).then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi" })
    void managementEndpointsAreOnTheManagementPort(String path) {
        given().baseUri(PackagedApp.firstManagementUri()).when().get(path).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/swagger-ui", "/q/swagger-ui/" })
    void swaggerUiIsNotServedAnywhere(String path) {
        given().baseUri(PackagedApp.firstManagementUri()).redirects().follow(false).when().get(path).then().statusCode(404);
    }

    @org.junit.jupiter.api.Test
    void metricsAreTheServicesOwn() {
        given().baseUri(PackagedApp.firstManagementUri()).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("enclave_"));
        given().baseUri(PackagedApp.firstManagementUri()).when().get("/q/health/ready").then()
                .body("status", equalTo("UP"));
    }
}
