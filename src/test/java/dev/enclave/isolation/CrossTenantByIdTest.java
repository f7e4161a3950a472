package dev.enclave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.testing.AuditTrail;
import dev.enclave.testing.Endpoint;
import dev.enclave.testing.Endpoint.Target;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Snapshot;

/**
 * Every endpoint that takes an id, called by each tenant persona with the other tenant's ids: it answers exactly
 * like an id that exists nowhere (same status, same body apart from the request id), the other tenant's data is
 * untouched, and the attempt is in the audit log with both tenants; the missing id leaves no record.
 * A role that may not act at all is refused (403) before any lookup, for foreign and missing ids alike.
 */
@QuarkusTest
class CrossTenantByIdTest {

    private static final Logger LOG = Logger.getLogger(CrossTenantByIdTest.class);
    private static final AtomicInteger CASES = new AtomicInteger();
    /** Made on first use: RestAssured reaches the application only from test methods. */
    private static final Map<String, Target> TARGETS = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterAll
    static void report() {
        LOG.infof("isolation cases (endpoint x method x persona) in CrossTenantByIdTest: %d", CASES.get());
    }

    static Stream<Arguments> attempts() {
        return Stream.of(Persona.BOB, Persona.DAVE, Persona.ALICE, Persona.CAROL)
                .flatMap(attacker -> Stream.of(Endpoint.values()).filter(Endpoint::takesId)
                        .map(endpoint -> Arguments.of(attacker, endpoint)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attempts")
    void aForeignIdIsTreatedLikeOneThatDoesNotExist(Persona attacker, Endpoint endpoint) {
        CASES.incrementAndGet();
        Target victim = TARGETS.computeIfAbsent(Fixtures.otherTenant(attacker.tenant), Fixtures::target);
        boolean mayAct = endpoint.needs.allows(Fixtures.roleOf(attacker));

        Snapshot before = endpoint.writes() ? Snapshot.of(victim, endpoint) : null;
        Response foreign = endpoint.send(attacker, victim);
        Response missing = endpoint.send(attacker, Target.nowhere());

        int expected = mayAct ? 404 : 403;
        assertEquals(expected, foreign.statusCode(), foreign::asString);
        assertEquals("application/problem+json", foreign.contentType());
        assertEquals(expected, missing.statusCode(), missing::asString);
        assertEquals(Fixtures.withoutRequestId(missing), Fixtures.withoutRequestId(foreign),
                "a foreign id must be indistinguishable from a missing one");
        if (mayAct) {
            assertEquals(endpoint.idKind + " not found", foreign.path("detail"));
        }

        String foreignRequest = foreign.header("X-Request-Id");
        List<Map<String, Object>> records = AuditTrail.recordsOf(foreignRequest, victim.tenant(), attacker);
        if (mayAct) {
            assertEquals(1, records.size(), () -> "one audit record for " + foreignRequest + ": " + records);
            Map<String, Object> record = records.get(0);
            assertEquals(attacker.subject, record.get("actor"));
            assertEquals(attacker.tenant, record.get("actorTenant"));
            assertEquals(victim.tenant(), record.get("targetTenant"));
            assertEquals(endpoint.idKind + "/" + idOf(victim, endpoint.idKind), record.get("resource"));
            assertEquals(expectedAction(endpoint), record.get("action"));
            assertEquals("denied", record.get("outcome"));
            assertEquals("cross-tenant", record.get("reason"));
        } else {
            assertTrue(records.isEmpty(), () -> "a role refusal looks nothing up, so it audits no target: " + records);
        }
        // (a role that may not act is audited as a role refusal, with no target, for foreign and missing ids alike)
        assertTrue(AuditTrail.recordsOf(missing.header("X-Request-Id"), attacker.tenant, attacker).stream()
                .noneMatch(r -> "cross-tenant".equals(r.get("reason"))), "an id that exists nowhere is not a cross-tenant attempt");
        if (!mayAct) {
            assertEquals(List.of("role-refused"), AuditTrail.recordsOf(foreignRequest, attacker.tenant, attacker).stream()
                    .map(r -> r.get("reason")).toList(), "the refusal itself is audited");
        }

        if (before != null) {
            before.assertUnchanged(victim, endpoint);
        }
    }

    private static UUID idOf(Target target, String kind) {
        return switch (kind) {
            case "member" -> target.member();
            case "project" -> target.project();
            case "document" -> target.document();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** The action names the services audit (AccessDenials callers). */
    private static String expectedAction(Endpoint endpoint) {
        return switch (endpoint) {
            case LIST_DOCUMENTS -> "list-documents";
            case CREATE_DOCUMENT -> "create-document";
            case REPLACE_DOCUMENT -> "replace";
            default -> switch (endpoint.method) {
                case "GET" -> "read";
                case "PATCH" -> "update";
                case "DELETE" -> "delete";
                default -> throw new IllegalArgumentException(endpoint.toString());
            };
        };
    }
}
