package dev.enclave.isolation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
 * Callers that are no tenant's: no token is 401 everywhere; MALLORY (valid token, no tenant claim) and ROOT (an
 * operator, never a tenant member) are 403 on every tenant endpoint; only ROOT reads the audit log, and no tenant
 * persona can. Every refusal is problem+json, and none of them writes anything.
 */
@QuarkusTest
class NoTenantTest {

    private static final Logger LOG = Logger.getLogger(NoTenantTest.class);
    private static final AtomicInteger CASES = new AtomicInteger();

    @AfterAll
    static void report() {
        LOG.infof("isolation cases (endpoint x method x persona) in NoTenantTest: %d", CASES.get());
    }

    static Stream<Endpoint> everyEndpoint() {
        return Stream.of(Endpoint.values());
    }

    static Stream<Endpoint> tenantEndpoints() {
        return Endpoint.tenantApi().stream();
    }

    @ParameterizedTest(name = "no token: {0}")
    @MethodSource("everyEndpoint")
    void withoutATokenEveryEndpointIs401(Endpoint endpoint) {
        CASES.incrementAndGet();
        endpoint.send(null, Target.nowhere()).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:enclave:problem:unauthenticated"));
    }

    @ParameterizedTest(name = "MALLORY: {0}")
    @MethodSource("everyEndpoint")
    void aTokenWithoutTenantIs403Everywhere(Endpoint endpoint) {
        CASES.incrementAndGet();
        Response response = endpoint.send(Persona.MALLORY, Target.nowhere());
        response.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(endpoint.isTenantApi() ? "urn:enclave:problem:no-tenant" : "urn:enclave:problem:forbidden"));
    }

    @ParameterizedTest(name = "ROOT: {0}")
    @MethodSource("tenantEndpoints")
    void anOperatorIsNoTenantsMember(Endpoint endpoint) {
        CASES.incrementAndGet();
        endpoint.send(Persona.ROOT, Target.nowhere()).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:no-tenant"));
    }

    static Stream<Arguments> auditReaders() {
        return Stream.of(Arguments.of(Persona.ROOT, 200), Arguments.of(Persona.ALICE, 403), Arguments.of(Persona.CAROL, 403),
                Arguments.of(Persona.BOB, 403), Arguments.of(Persona.DAVE, 403));
    }

    @ParameterizedTest(name = "{0} reads the audit log: {1}")
    @MethodSource("auditReaders")
    void onlyOperatorsReadTheAuditLog(Persona persona, int status) {
        CASES.incrementAndGet();
        Response response = Endpoint.READ_AUDIT.send(persona, Target.nowhere());
        assertEquals(status, response.statusCode(), response::asString);
        if (status == 403) {
            response.then().contentType("application/problem+json").body("type", equalTo("urn:enclave:problem:forbidden"));
        }
    }

    @Test
    void refusedCallsWriteNothing() {
        List<String> acmeProjects = Fixtures.ids(Persona.ALICE, "/api/v1/projects");
        List<String> acmeMembers = Fixtures.ids(Persona.ALICE, "/api/v1/members");
        List<String> globexProjects = Fixtures.ids(Persona.BOB, "/api/v1/projects");
        String settings = Fixtures.as(Persona.ALICE).get("/api/v1/settings").asString();
        for (Persona caller : new Persona[] { null, Persona.MALLORY, Persona.ROOT }) {
            for (Endpoint endpoint : List.of(Endpoint.CREATE_PROJECT, Endpoint.INVITE_MEMBER, Endpoint.PUT_SETTINGS)) {
                int status = endpoint.send(caller, Target.nowhere()).statusCode();
                assertEquals(caller == null ? 401 : 403, status);
            }
        }
        assertEquals(acmeProjects, Fixtures.ids(Persona.ALICE, "/api/v1/projects"));
        assertEquals(acmeMembers, Fixtures.ids(Persona.ALICE, "/api/v1/members"));
        assertEquals(globexProjects, Fixtures.ids(Persona.BOB, "/api/v1/projects"));
        assertEquals(settings, Fixtures.as(Persona.ALICE).get("/api/v1/settings").asString());
    }
}
