package dev.enclave.isolation;

import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.enclave.testing.Endpoint;
import dev.enclave.testing.Endpoint.Target;
import dev.enclave.testing.Persona;

/**
 * A verified token whose tenant is not in the registry is refused on every tenant endpoint. The realm's users all
 * belong to registered tenants, so this profile reads the tenant from {@code preferred_username}: ALICE's token then
 * names the (well-formed, unregistered) tenant "alice".
 */
@QuarkusTest
@TestProfile(UnknownTenantTest.TenantFromUsername.class)
class UnknownTenantTest {

    private static final Logger LOG = Logger.getLogger(UnknownTenantTest.class);
    private static final AtomicInteger CASES = new AtomicInteger();

    public static class TenantFromUsername implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("enclave.tenancy.claim", "preferred_username");
        }
    }

    @AfterAll
    static void report() {
        LOG.infof("isolation cases (endpoint x method x persona) in UnknownTenantTest: %d", CASES.get());
    }

    static Stream<Arguments> calls() {
        return Stream.of(Persona.ALICE, Persona.BOB).flatMap(persona -> Stream.concat(Endpoint.tenantApi().stream(), Stream.of((Endpoint) null))
                .map(endpoint -> Arguments.of(persona, endpoint)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("calls")
    void anUnregisteredTenantIsRefused(Persona persona, Endpoint endpoint) {
        CASES.incrementAndGet();
        var response = endpoint == null // GET /api/v1/me
                ? dev.enclave.testing.Fixtures.as(persona).get("/api/v1/me")
                : endpoint.send(persona, Target.nowhere());
        response.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:tenant-unavailable"))
                .body("detail", equalTo("the tenant is not active"));
    }
}
