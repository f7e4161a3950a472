package dev.enclave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.AuditTrail;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;

/** What operators see of cross-tenant attempts: the audit log filtered by tenant, and the denial metric. */
@QuarkusTest
class AuditTrailTest {

    private static final Pattern CROSS_TENANT = Pattern.compile("(?m)^enclave_denials_total\\{[^}]*reason=\"cross-tenant\"[^}]*} ([0-9.eE+]+)$");

    @Test
    void aCrossTenantAttemptIsCountedByReason() {
        UUID project = Fixtures.createProject(Persona.ALICE, "counted-" + Fixtures.suffix(), "Counted");
        double before = crossTenantDenials();
        Fixtures.as(Persona.BOB).get("/api/v1/projects/" + project).then().statusCode(404);
        AuditTrail.settle(); // counted when written
        assertEquals(before + 1, crossTenantDenials(), 0.0);
        Fixtures.as(Persona.BOB).get("/api/v1/projects/" + UUID.randomUUID()).then().statusCode(404);
        AuditTrail.settle();
        assertEquals(before + 1, crossTenantDenials(), 0.0, "a missing id is no cross-tenant attempt");
    }

    @Test
    void theOperatorsTenantFilterShowsOnlyRecordsInvolvingThatTenant() {
        UUID acmeProject = Fixtures.createProject(Persona.ALICE, "filtered-" + Fixtures.suffix(), "Filtered");
        UUID globexProject = Fixtures.createProject(Persona.BOB, "filtered-" + Fixtures.suffix(), "Filtered");
        String fromGlobex = Fixtures.as(Persona.DAVE).get("/api/v1/projects/" + acmeProject).header("X-Request-Id");
        String fromAcme = Fixtures.as(Persona.CAROL).get("/api/v1/projects/" + globexProject).header("X-Request-Id");

        for (String tenant : List.of(Persona.ACME, Persona.GLOBEX)) {
            List<Map<String, Object>> items = Fixtures.as(Persona.ROOT).queryParam("tenant", tenant).queryParam("limit", 200)
                    .get("/admin/v1/audit").then().statusCode(200).extract().jsonPath().getList("items");
            assertFalse(items.isEmpty());
            for (Map<String, Object> item : items) {
                assertTrue(tenant.equals(item.get("actorTenant")) || tenant.equals(item.get("targetTenant")), item::toString);
            }
        }
        assertEquals(1, AuditTrail.recordsOf(fromGlobex, Persona.ACME).size());
        assertEquals(1, AuditTrail.recordsOf(fromGlobex, Persona.GLOBEX).size(), "the attacker's tenant sees it too");
        assertEquals(1, AuditTrail.recordsOf(fromAcme, Persona.GLOBEX).size());
        Map<String, Object> record = AuditTrail.recordsOf(fromAcme, Persona.GLOBEX).get(0);
        assertEquals(Persona.CAROL.subject, record.get("actor"));
        assertEquals(Persona.ACME, record.get("actorTenant"));
        assertEquals("project/" + globexProject, record.get("resource"));
    }

    private static double crossTenantDenials() {
        String metrics = Fixtures.anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = CROSS_TENANT.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
