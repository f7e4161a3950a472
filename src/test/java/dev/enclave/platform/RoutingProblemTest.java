package dev.enclave.platform;

import static org.hamcrest.Matchers.equalTo;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;

/** Unknown routes and unsupported methods are problems too (404/405), with or without a token. */
@QuarkusTest
class RoutingProblemTest {

    private static final String SOME_ID = "00000000-0000-4000-8000-0000000000a1";

    static Stream<Arguments> unknownRoutes() {
        return Stream.of(
                Arguments.of(Persona.ALICE, "GET", "/api/v1/nope"),
                Arguments.of(Persona.ALICE, "GET", "/api/v2/projects"),
                Arguments.of(Persona.ALICE, "GET", "/api/v1/projects/" + SOME_ID + "/nope"),
                Arguments.of(Persona.ROOT, "GET", "/admin/v1/nope"),
                Arguments.of(null, "GET", "/nope"),
                Arguments.of(null, "POST", "/api/v1/nope"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unknownRoutes")
    void anUnknownRouteIs404ProblemJson(Persona persona, String method, String path) {
        request(persona).request(method, path).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:not-found"))
                .body("detail", equalTo("there is no resource at this path"));
    }

    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of(Persona.ALICE, "PUT", "/api/v1/projects"),
                Arguments.of(Persona.ALICE, "DELETE", "/api/v1/members"),
                Arguments.of(Persona.ALICE, "PUT", "/api/v1/members/" + SOME_ID),
                Arguments.of(Persona.ALICE, "PUT", "/api/v1/projects/" + SOME_ID),
                Arguments.of(Persona.ALICE, "DELETE", "/api/v1/projects"),
                Arguments.of(Persona.ALICE, "POST", "/api/v1/documents/" + SOME_ID),
                Arguments.of(Persona.ALICE, "DELETE", "/api/v1/settings"),
                Arguments.of(Persona.ALICE, "POST", "/api/v1/me"),
                Arguments.of(Persona.ROOT, "POST", "/admin/v1/audit"),
                Arguments.of(null, "DELETE", "/api/v1/settings"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("wrongMethods")
    void anUnsupportedMethodIs405ProblemJson(Persona persona, String method, String path) {
        request(persona).contentType("application/json").body("{}").request(method, path).then().statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:method-not-allowed"))
                .body("detail", equalTo("this resource does not support the request's method"));
    }

    @ParameterizedTest(name = "Accept: {0}")
    @MethodSource("unacceptable")
    void anUnacceptableMediaTypeIs406ProblemJson(String accept) {
        Fixtures.as(Persona.ALICE).accept(accept).get("/api/v1/projects").then().statusCode(406)
                .contentType("application/problem+json")
                .body("detail", equalTo("this API answers in application/json only"));
    }

    static Stream<String> unacceptable() {
        return Stream.of("text/html", "application/xml");
    }

    private static RequestSpecification request(Persona persona) {
        return persona == null ? Fixtures.anonymous() : Fixtures.as(persona);
    }
}
