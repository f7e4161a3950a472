package dev.enclave.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
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
import dev.enclave.testing.Snapshot;

/**
 * Every endpoint that takes a body, sent a body it must refuse: the answer is a 4xx problem that names what is
 * wrong (never a 500), and nothing is written. A tenant field is refused like any unknown field, never honoured.
 */
@QuarkusTest
class BadBodyTest {

    private static final Logger LOG = Logger.getLogger(BadBodyTest.class);
    private static final AtomicInteger CASES = new AtomicInteger();
    private static Target acme;

    /** One kind of bad body: how it is made from a valid one, and the status and detail it must get. */
    enum Bad {
        NOT_JSON(valid -> valid.substring(0, valid.length() / 2), 400, "the body is not valid JSON"),
        NOT_AN_OBJECT(valid -> "[" + valid + "]", 400, "the body does not have the expected shape"),
        TENANT_ID(valid -> withField(valid, "\"tenantId\":\"globex\""), 400, "unknown field 'tenantId'"),
        TENANT_ID_SNAKE(valid -> withField(valid, "\"tenant_id\":\"globex\""), 400, "unknown field 'tenant_id'"),
        UNKNOWN_FIELD(valid -> withField(valid, "\"isAdmin\":true"), 400, "unknown field 'isAdmin'"),
        DUPLICATE_ID(valid -> withField(valid, "\"id\":\"00000000-0000-4000-8000-0000000000b1\""), 400, "unknown field 'id'"),
        NO_BODY(valid -> null, 400, ": must not be null"),
        JSON_NULL(valid -> "null", 400, ": must not be null");

        final UnaryOperator<String> from;
        final int status;
        final String detail;

        Bad(UnaryOperator<String> from, int status, String detail) {
            this.from = from;
            this.status = status;
            this.detail = detail;
        }

        private static String withField(String valid, String field) {
            return "{" + field + "," + valid.substring(1);
        }
    }

    /** A value of the wrong JSON type for one field, per endpoint. */
    private static final Map<Endpoint, String[]> WRONG_TYPES = Map.of(
            Endpoint.INVITE_MEMBER, new String[] { "{\"email\":5,\"role\":\"member\"}", "email" },
            Endpoint.PATCH_MEMBER, new String[] { "{\"displayName\":true}", "displayName" },
            Endpoint.CREATE_PROJECT, new String[] { "{\"slug\":5,\"name\":\"Five\"}", "slug" },
            Endpoint.PATCH_PROJECT, new String[] { "{\"name\":12.5}", "name" },
            Endpoint.CREATE_DOCUMENT, new String[] { "{\"title\":[\"x\"]}", "title" },
            Endpoint.REPLACE_DOCUMENT, new String[] { "{\"title\":\"t\",\"body\":\"\",\"tags\":\"a\",\"status\":\"draft\"}", "tags" },
            Endpoint.PATCH_DOCUMENT, new String[] { "{\"tags\":{\"a\":1}}", "tags" },
            Endpoint.PUT_SETTINGS, new String[] { Fixtures.settingsBody().replace("\"auditRetentionDays\":90", "\"auditRetentionDays\":\"90\""),
                    "auditRetentionDays" });

    @AfterAll
    static void report() {
        LOG.infof("bad-body cases (endpoint x kind) in BadBodyTest: %d", CASES.get());
    }

    private static synchronized Target acme() {
        if (acme == null) {
            acme = Fixtures.target(Persona.ACME);
        }
        return acme;
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(Endpoint.values()).filter(Endpoint::hasBody)
                .flatMap(endpoint -> Stream.of(Bad.values()).map(bad -> Arguments.of(endpoint, bad)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badBodies")
    void aBadBodyIsRefusedAndWritesNothing(Endpoint endpoint, Bad bad) {
        CASES.incrementAndGet();
        String body = bad.from.apply(endpoint.validBody());
        Response response = send(endpoint, body, "application/json");
        assertProblem(response, bad.status, bad.detail);
    }

    static Stream<Endpoint> bodyEndpoints() {
        return Stream.of(Endpoint.values()).filter(Endpoint::hasBody);
    }

    @ParameterizedTest(name = "{0}: wrong type")
    @MethodSource("bodyEndpoints")
    void aValueOfTheWrongTypeIsRefusedNotCoerced(Endpoint endpoint) {
        CASES.incrementAndGet();
        String[] wrong = WRONG_TYPES.get(endpoint);
        Response response = send(endpoint, wrong[0], "application/json");
        assertProblem(response, 400, "'" + wrong[1] + "'");
    }

    @ParameterizedTest(name = "{0}: text/plain")
    @MethodSource("bodyEndpoints")
    void aBodyThatIsNotJsonByContentTypeIs415(Endpoint endpoint) {
        CASES.incrementAndGet();
        Response response = send(endpoint, endpoint.validBody(), "text/plain");
        assertProblem(response, 415, "the request body must be application/json");
    }

    static Stream<Arguments> missingFields() {
        return Stream.of(
                Arguments.of(Endpoint.INVITE_MEMBER, "{\"role\":\"member\"}", "email: must not be blank"),
                Arguments.of(Endpoint.INVITE_MEMBER, "{\"email\":\"x@acme.test\"}", "role: must not be null"),
                Arguments.of(Endpoint.CREATE_PROJECT, "{\"name\":\"No slug\"}", "slug: must not be null"),
                Arguments.of(Endpoint.CREATE_PROJECT, "{\"slug\":\"no-name\"}", "name: must not be blank"),
                Arguments.of(Endpoint.CREATE_DOCUMENT, "{\"body\":\"no title\"}", "title: must not be blank"),
                Arguments.of(Endpoint.REPLACE_DOCUMENT, "{\"title\":\"t\",\"tags\":[],\"status\":\"draft\"}", "body: must not be null"),
                Arguments.of(Endpoint.REPLACE_DOCUMENT, "{\"title\":\"t\",\"body\":\"\",\"status\":\"draft\"}", "tags: must not be null"),
                Arguments.of(Endpoint.REPLACE_DOCUMENT, "{\"title\":\"t\",\"body\":\"\",\"tags\":[]}", "status: must not be null"),
                Arguments.of(Endpoint.PUT_SETTINGS, Fixtures.settingsBody().replace("\"locale\":\"en\",", ""), "locale: must not be null"),
                Arguments.of(Endpoint.PUT_SETTINGS, Fixtures.settingsBody().replace(",\"auditRetentionDays\":90", ""),
                        "auditRetentionDays: must be greater than or equal to 1"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("missingFields")
    void aMissingRequiredFieldIsNamed(Endpoint endpoint, String body, String detail) {
        CASES.incrementAndGet();
        Response response = send(endpoint, body, "application/json");
        assertProblem(response, 400, detail);
        assertEquals("urn:enclave:problem:validation-failed", response.path("type"));
    }

    static Stream<Arguments> tooLongFields() {
        String tenK = "x".repeat(10 * 1024);
        return Stream.of(
                Arguments.of(Endpoint.CREATE_DOCUMENT, "{\"title\":\"" + tenK + "\"}", "title: size must be between 0 and 500"),
                Arguments.of(Endpoint.PATCH_DOCUMENT, "{\"title\":\"" + tenK + "\"}", "title: size must be between 1 and 500"),
                Arguments.of(Endpoint.REPLACE_DOCUMENT, "{\"title\":\"" + tenK + "\",\"body\":\"\",\"tags\":[],\"status\":\"draft\"}",
                        "title: size must be between 0 and 500"),
                Arguments.of(Endpoint.CREATE_PROJECT, "{\"slug\":\"long\",\"name\":\"" + tenK + "\"}", "name: size must be between 0 and 200"),
                Arguments.of(Endpoint.PATCH_MEMBER, "{\"displayName\":\"" + tenK + "\"}", "displayName: size must be between 0 and 200"),
                Arguments.of(Endpoint.PUT_SETTINGS, Fixtures.settingsBody().replaceFirst("Settings [0-9a-f]+", tenK),
                        "displayName: size must be between 1 and 200"));
    }

    @ParameterizedTest(name = "{0}: 10 KB text")
    @MethodSource("tooLongFields")
    void aTenKilobyteTitleIsRefused(Endpoint endpoint, String body, String detail) {
        CASES.incrementAndGet();
        assertProblem(send(endpoint, body, "application/json"), 400, detail);
    }

    static Stream<Arguments> nulCharacters() {
        String nul = "nul\\u0000";
        return Stream.of(
                Arguments.of(Endpoint.PATCH_MEMBER, "{\"displayName\":\"" + nul + "\"}", "displayName: must not contain control characters"),
                Arguments.of(Endpoint.PATCH_PROJECT, "{\"description\":\"" + nul + "\"}", NUL),
                Arguments.of(Endpoint.CREATE_PROJECT, "{\"slug\":\"nul-" + Fixtures.suffix() + "\",\"name\":\"" + nul + "\"}", NUL),
                Arguments.of(Endpoint.CREATE_DOCUMENT, "{\"title\":\"t\",\"body\":\"" + nul + "\"}", NUL),
                Arguments.of(Endpoint.REPLACE_DOCUMENT, "{\"title\":\"" + nul + "\",\"body\":\"\",\"tags\":[],\"status\":\"draft\"}", NUL),
                Arguments.of(Endpoint.PATCH_DOCUMENT, "{\"body\":\"" + nul + "\"}", NUL),
                Arguments.of(Endpoint.PUT_SETTINGS, Fixtures.settingsBody().replace("Settings ", nul), "displayName: must not contain control characters"));
    }

    private static final String NUL = "a text value contains a character that cannot be stored (such as NUL)";

    @ParameterizedTest(name = "{0}: NUL character")
    @MethodSource("nulCharacters")
    void aNulCharacterIsRefusedNot500(Endpoint endpoint, String body, String detail) {
        CASES.incrementAndGet();
        assertProblem(send(endpoint, body, "application/json"), 400, detail);
    }

    /** Sends as ALICE (owner: every endpoint is allowed) against acme's target, and checks that nothing changed. */
    private static Response send(Endpoint endpoint, String body, String contentType) {
        Target target = acme();
        Snapshot before = Snapshot.of(target, endpoint);
        RequestSpecification request = Fixtures.as(Persona.ALICE).contentType(contentType);
        if (body != null) {
            request = request.body(body);
        }
        if ("document".equals(endpoint.idKind) && !endpoint.method.equals("DELETE")) {
            request = request.header("If-Match", "\"0\"");
        }
        Response response = request.request(endpoint.method, endpoint.pathFor(target)).andReturn();
        before.assertUnchanged(target, endpoint);
        return response;
    }

    private static void assertProblem(Response response, int status, String detailPart) {
        assertEquals(status, response.statusCode(), response::asString);
        assertEquals("application/problem+json", response.contentType());
        String detail = response.path("detail");
        assertTrue(detail != null && detail.contains(detailPart), () -> "detail should name the problem (" + detailPart + "): " + detail);
    }
}
