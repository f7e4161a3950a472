package dev.enclave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.member.MemberRole;
import dev.enclave.testing.Endpoint;
import dev.enclave.testing.Endpoint.Target;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Snapshot;

/**
 * Inside their own tenant: CAROL (viewer) reads and writes nothing; DAVE (member) writes projects and documents
 * but deletes no project and manages neither members nor settings; the owners may do everything. A refused write
 * changes nothing.
 */
@QuarkusTest
class RoleMatrixTest {

    private static final Logger LOG = Logger.getLogger(RoleMatrixTest.class);
    private static final AtomicInteger CASES = new AtomicInteger();
    /** Per tenant, for reads and refused writes; an allowed write gets a fresh target of its own. */
    private static final Map<String, Target> SHARED = new ConcurrentHashMap<>();

    @AfterAll
    static void report() {
        LOG.infof("isolation cases (endpoint x method x persona) in RoleMatrixTest: %d", CASES.get());
    }

    static Stream<Arguments> calls() {
        return Stream.of(Persona.CAROL, Persona.DAVE, Persona.ALICE, Persona.BOB)
                .flatMap(persona -> Endpoint.tenantApi().stream().map(endpoint -> Arguments.of(persona, endpoint)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("calls")
    void aRoleDoesWhatItMayAndNothingElse(Persona persona, Endpoint endpoint) {
        CASES.incrementAndGet();
        MemberRole role = Fixtures.roleOf(persona);
        boolean allowed = endpoint.needs.allows(role);
        Target target = allowed && endpoint.writes()
                ? Fixtures.target(persona.tenant)
                : SHARED.computeIfAbsent(persona.tenant, Fixtures::target);
        if (allowed) {
            Response response = endpoint.send(persona, target);
            int expected = switch (endpoint.method) {
                case "POST" -> 201;
                case "DELETE" -> 204;
                default -> 200;
            };
            assertEquals(expected, response.statusCode(), response::asString);
            return;
        }
        Snapshot before = Snapshot.of(target, endpoint);
        Response response = endpoint.send(persona, target);

        assertEquals(403, response.statusCode(), response::asString);
        assertEquals("application/problem+json", response.contentType());
        assertEquals("urn:enclave:problem:forbidden", response.path("type"));
        assertTrue(response.<String>path("detail").startsWith("your role (" + role.json() + ") cannot "), response::asString);
        before.assertUnchanged(target, endpoint);
    }
}
