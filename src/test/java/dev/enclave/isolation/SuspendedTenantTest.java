package dev.enclave.isolation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.testing.Database;
import dev.enclave.testing.Endpoint;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;

/**
 * A suspended tenant is refused on every tenant endpoint (403 tenant-suspended), while the other tenant is
 * served as before. The registry is changed in the database, as an operator's tool would; the service sees it
 * within its registry cache time (2 s), so the test polls for it with a bounded wait.
 */
@QuarkusTest
class SuspendedTenantTest {

    private static final Logger LOG = Logger.getLogger(SuspendedTenantTest.class);
    private static final Duration CACHE_BOUND = Duration.ofSeconds(15);

    @Test
    void aSuspendedTenantIsRefusedEverywhereAndTheOtherIsNot() {
        var globex = Fixtures.target(Persona.GLOBEX);
        List<Executable> checks = new ArrayList<>();
        try {
            assertEquals(1, Database.update("update tenants set status = 'suspended', updated_at = now() where id = 'globex'"));
            await().atMost(CACHE_BOUND).pollInterval(Duration.ofMillis(200))
                    .until(() -> Fixtures.as(Persona.BOB).get("/api/v1/me").statusCode() == 403);
            for (Persona persona : new Persona[] { Persona.BOB, Persona.DAVE }) {
                for (Endpoint endpoint : Endpoint.tenantApi()) {
                    Response response = endpoint.send(persona, globex);
                    checks.add(() -> {
                        assertEquals(403, response.statusCode(), () -> persona + " " + endpoint + ": " + response.asString());
                        assertEquals("urn:enclave:problem:tenant-suspended", response.path("type"));
                        assertEquals("application/problem+json", response.contentType());
                    });
                }
                Response me = Fixtures.as(persona).get("/api/v1/me");
                checks.add(() -> assertEquals(403, me.statusCode(), persona + " GET /api/v1/me"));
            }
            Response acme = Fixtures.as(Persona.ALICE).get("/api/v1/projects");
            checks.add(() -> assertEquals(200, acme.statusCode(), "acme is not suspended"));
        } finally {
            Database.update("update tenants set status = 'active', updated_at = now() where id = 'globex'");
            await().atMost(CACHE_BOUND).pollInterval(Duration.ofMillis(200))
                    .until(() -> Fixtures.as(Persona.BOB).get("/api/v1/me").statusCode() == 200);
        }
        LOG.infof("isolation cases (endpoint x method x persona) in SuspendedTenantTest: %d", checks.size());
        assertAll(checks);
        Fixtures.assertIntact(globex);
    }
}
