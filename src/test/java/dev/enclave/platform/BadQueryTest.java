package dev.enclave.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.testing.Endpoint;
import dev.enclave.testing.Endpoint.Target;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;

/**
 * Hostile paths and query strings: page sizes, cursors, filters, ids. Each is a 400 problem naming the parameter,
 * never a 500. Query strings are sent exactly as written here (no client-side encoding).
 */
@QuarkusTest
class BadQueryTest {

    private static final Logger LOG = Logger.getLogger(BadQueryTest.class);
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final String LIMIT = "limit must be a whole number from 1 to 200";
    private static final String CURSOR = "cursor is malformed; use the nextCursor of a previous page";
    private static final String TAG = "tags are 1-50 letters, digits, '_', '.' or '-'";
    private static final String STATUS = "status must be one of draft, published, archived";
    private static Target acme;

    @AfterAll
    static void report() {
        LOG.infof("bad-query cases in BadQueryTest: %d", CASES.get());
    }

    private static synchronized Target acme() {
        if (acme == null) {
            acme = Fixtures.target(Persona.ACME);
        }
        return acme;
    }

    static Stream<Arguments> badQueries() {
        Stream<Arguments> lists = Stream.of(Endpoint.LIST_MEMBERS, Endpoint.LIST_PROJECTS, Endpoint.LIST_DOCUMENTS, Endpoint.READ_AUDIT)
                .flatMap(list -> Stream.of(
                        Arguments.of(list, "limit=1000000", LIMIT),
                        Arguments.of(list, "limit=-1", LIMIT),
                        Arguments.of(list, "limit=0", LIMIT),
                        Arguments.of(list, "limit=abc", LIMIT),
                        Arguments.of(list, "limit=1.5", LIMIT),
                        Arguments.of(list, "limit=99999999999999999999", LIMIT),
                        Arguments.of(list, "cursor=abc", CURSOR),
                        Arguments.of(list, "cursor=!!!!", CURSOR),
                        Arguments.of(list, "cursor=" + "QUJD".repeat(80), CURSOR),
                        Arguments.of(list, "cursor=%00%FF", CURSOR),
                        Arguments.of(list, "cursor=MTIzOmFiYw", CURSOR))); // "123:abc": base64, but not a position
        Stream<Arguments> filters = Stream.of(
                Arguments.of(Endpoint.LIST_DOCUMENTS, "tag=" + "a".repeat(3000), TAG),
                Arguments.of(Endpoint.LIST_DOCUMENTS, "tag=%3Cscript%3Ealert(1)%3C%2Fscript%3E", TAG),
                Arguments.of(Endpoint.LIST_DOCUMENTS, "tag=%27)%3B%20drop%20table%20documents%3B%20--", TAG),
                Arguments.of(Endpoint.LIST_DOCUMENTS, "tag=%00", TAG),
                Arguments.of(Endpoint.LIST_DOCUMENTS, "tag=%FF%FE%C0%AE", TAG),
                Arguments.of(Endpoint.LIST_DOCUMENTS, "tag=%E2%80%AEevil", TAG),
                Arguments.of(Endpoint.LIST_DOCUMENTS, "status=__proto__", STATUS),
                Arguments.of(Endpoint.LIST_DOCUMENTS, "status=DRAFT", STATUS),
                Arguments.of(Endpoint.LIST_DOCUMENTS, "status=%00", STATUS),
                Arguments.of(Endpoint.LIST_DOCUMENTS, "status=draft%27%20or%20%271%27%3D%271", STATUS),
                Arguments.of(Endpoint.READ_AUDIT, "outcome=__proto__", "outcome must be one of denied, allowed, failed"),
                Arguments.of(Endpoint.READ_AUDIT, "from=yesterday", "from must be an ISO-8601 date-time with offset"));
        return Stream.concat(lists, filters);
    }

    @ParameterizedTest(name = "{0} ?{1}")
    @MethodSource("badQueries")
    void aBadQueryParameterIsANamed400(Endpoint endpoint, String query, String detail) {
        CASES.incrementAndGet();
        Persona caller = endpoint == Endpoint.READ_AUDIT ? Persona.ROOT : Persona.ALICE;
        Response response = Fixtures.as(caller).urlEncodingEnabled(false).get(endpoint.pathFor(acme()) + "?" + query);
        assertProblem(response, detail);
    }

    static Stream<Arguments> badIds() {
        return Stream.of(Endpoint.values()).filter(Endpoint::takesId)
                .flatMap(endpoint -> Stream.of("not-a-uuid", "%00", "00000000-0000-4000-8000-00000000000g",
                        "00000000-0000-4000-8000-0000000000a1%27%20or%201%3D1").map(id -> Arguments.of(endpoint, id)));
    }

    @ParameterizedTest(name = "{0} with id {1}")
    @MethodSource("badIds")
    void aMalformedIdInThePathIsA400(Endpoint endpoint, String id) {
        CASES.incrementAndGet();
        String path = endpoint.path.replaceAll("\\{[a-z]+}", id);
        var request = Fixtures.as(Persona.ALICE).urlEncodingEnabled(false).header("If-Match", "\"0\"");
        if (endpoint.hasBody()) {
            request = request.contentType("application/json").body(endpoint.validBody());
        }
        assertProblem(request.request(endpoint.method, path), "id must be a UUID");
    }

    /** Not a URI at all: Quarkus' own request handler refuses it with a bare 400 before any route (see HttpEdge). */
    @Test
    void anUndecodablePercentEscapeIs400NotAnError() throws IOException {
        CASES.incrementAndGet();
        String bearer = Persona.ALICE.bearer();
        for (String target : new String[] { "/api/v1/projects?cursor=%ZZ", "/api/v1/projects/%E0%A4%A", "/api/v1/projects?tag=%" }) {
            String raw = dev.enclave.testing.RawHttp.exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer
                    + "\r\nConnection: close\r\n\r\n", null);
            assertEquals("HTTP/1.1 400 Bad Request", raw.lines().findFirst().orElse(""), target);
        }
    }

    /** Refused by the router before JAX-RS: HttpEdge still answers with a problem. */
    @Test
    void aRequestWithoutHostHeaderIsAProblem() throws IOException {
        CASES.incrementAndGet();
        String raw = dev.enclave.testing.RawHttp.exchange("GET /api/v1/projects HTTP/1.1\r\nConnection: close\r\n\r\n", null);
        assertEquals("HTTP/1.1 400 Bad Request", raw.lines().findFirst().orElse(""));
        String lower = raw.toLowerCase();
        assertEquals(true, lower.contains("content-type: application/problem+json"), raw);
        assertEquals(true, raw.contains("\"type\":\"urn:enclave:problem:malformed-request\""), raw);
    }

    private static void assertProblem(Response response, String detail) {
        assertEquals(400, response.statusCode(), response::asString);
        assertEquals("application/problem+json", response.contentType());
        assertEquals("urn:enclave:problem:malformed-request", response.path("type"));
        assertEquals(detail, response.path("detail"));
    }
}
