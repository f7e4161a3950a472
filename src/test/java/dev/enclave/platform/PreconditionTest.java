package dev.enclave.platform;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.enclave.testing.Endpoint;
import dev.enclave.testing.Endpoint.Target;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;

/**
 * Optimistic locking over HTTP: a document change needs If-Match with its current ETag. Missing: 428; not an ETag we
 * issue: 400; stale: 412. None of them changes the document. Settings check If-Match when it is sent.
 */
@QuarkusTest
class PreconditionTest {

    private static Target shared;

    private static synchronized Target shared() {
        if (shared == null) {
            shared = Fixtures.target(Persona.ACME);
        }
        return shared;
    }

    static Stream<Arguments> documentChanges() {
        return Stream.of(Endpoint.REPLACE_DOCUMENT, Endpoint.PATCH_DOCUMENT).flatMap(endpoint -> Stream.of(
                Arguments.of(endpoint, null, 428, "urn:enclave:problem:precondition-required"),
                Arguments.of(endpoint, "", 428, "urn:enclave:problem:precondition-required"),
                Arguments.of(endpoint, "\"7\"", 412, "urn:enclave:problem:precondition-failed"),
                Arguments.of(endpoint, "W/\"0\"", 400, "urn:enclave:problem:malformed-request"),
                Arguments.of(endpoint, "*", 400, "urn:enclave:problem:malformed-request"),
                Arguments.of(endpoint, "0", 400, "urn:enclave:problem:malformed-request"),
                Arguments.of(endpoint, "\"0\", \"1\"", 400, "urn:enclave:problem:malformed-request"),
                Arguments.of(endpoint, "\"-1\"", 400, "urn:enclave:problem:malformed-request"),
                Arguments.of(endpoint, "\"99999999999999999999\"", 400, "urn:enclave:problem:malformed-request")));
    }

    @ParameterizedTest(name = "{0} If-Match [{1}]: {2}")
    @MethodSource("documentChanges")
    void aDocumentChangeWithoutTheCurrentETagChangesNothing(Endpoint endpoint, String ifMatch, int status, String type) {
        Target acme = shared();
        RequestSpecification request = Fixtures.as(Persona.ALICE).contentType("application/json").body(endpoint.validBody());
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        Response response = request.request(endpoint.method, endpoint.pathFor(acme));
        assertEquals(status, response.statusCode(), response::asString);
        assertEquals("application/problem+json", response.contentType());
        assertEquals(type, response.path("type"));
        Fixtures.assertIntact(acme);
    }

    @Test
    void theCurrentETagWinsOnceAndIsThenStale() {
        Target acme = Fixtures.target(Persona.ACME);
        String path = "/api/v1/documents/" + acme.document();
        Fixtures.as(Persona.ALICE).contentType("application/json").header("If-Match", "\"0\"").body("{\"title\":\"First\"}")
                .patch(path).then().statusCode(200).header("ETag", "\"1\"").body("title", equalTo("First"));
        Fixtures.as(Persona.ALICE).contentType("application/json").header("If-Match", "\"0\"").body("{\"title\":\"Second\"}")
                .patch(path).then().statusCode(412).contentType("application/problem+json");
        Fixtures.as(Persona.ALICE).header("If-Match", "\"0\"").delete(path).then().statusCode(412);
        Fixtures.as(Persona.ALICE).header("If-Match", "W/\"1\"").delete(path).then().statusCode(400);
        Fixtures.as(Persona.ALICE).get(path).then().statusCode(200).header("ETag", "\"1\"").body("title", equalTo("First"));
        Fixtures.as(Persona.ALICE).header("If-Match", "\"1\"").delete(path).then().statusCode(204);
        Fixtures.as(Persona.ALICE).get(path).then().statusCode(404);
    }

    @Test
    void settingsCheckIfMatchWhenSent() {
        Response current = Fixtures.as(Persona.BOB).get("/api/v1/settings");
        String etag = current.header("ETag");
        String stale = "\"" + (Long.parseLong(etag.replace("\"", "")) + 5) + "\"";
        Fixtures.as(Persona.BOB).contentType("application/json").header("If-Match", stale).body(Fixtures.settingsBody())
                .put("/api/v1/settings").then().statusCode(412).contentType("application/problem+json");
        Fixtures.as(Persona.BOB).contentType("application/json").header("If-Match", "W/" + etag).body(Fixtures.settingsBody())
                .put("/api/v1/settings").then().statusCode(400).contentType("application/problem+json");
        Fixtures.as(Persona.BOB).get("/api/v1/settings").then().statusCode(200).header("ETag", etag)
                .body("displayName", equalTo(current.<String>path("displayName")));
    }
}
