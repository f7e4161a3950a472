package dev.enclave.audit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.AuditTrail;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The operator surface is audited with outcomes: a change that fails is recorded as failed (not as allowed before
 * it ran), what operators read is recorded, and 403 role refusals are recorded, for operators' and tenants' endpoints.
 */
@QuarkusTest
class OperatorAuditTest {

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.GLOBEX);
    }

    @Test
    void aChangeThatFailsIsAuditedAsFailed() {
        Response failed = Fixtures.as(Persona.ROOT).contentType("application/json").body(Map.of("plan", "platinum", "burst", 9))
                .patch("/admin/v1/tenants/globex/limits");
        assertThat(failed.statusCode(), is(400));
        Map<String, Object> record = only(AuditTrail.recordsOf(failed.header("X-Request-Id"), Persona.GLOBEX, Persona.ROOT));
        assertThat(record.get("outcome"), is("failed"));
        assertThat(record.get("action"), is("change-limits"));
        assertThat((String) record.get("reason"), startsWith("plan=platinum"));

        Response changed = Fixtures.as(Persona.ROOT).contentType("application/json").body(Map.of("burst", 9))
                .patch("/admin/v1/tenants/globex/limits");
        assertThat(changed.statusCode(), is(200));
        assertThat(only(AuditTrail.recordsOf(changed.header("X-Request-Id"), Persona.GLOBEX, Persona.ROOT)).get("outcome"), is("allowed"));
    }

    @Test
    void operatorReadsAreAudited() {
        Response read = Fixtures.as(Persona.ROOT).get("/admin/v1/tenants/globex/limits");
        assertThat(read.statusCode(), is(200));
        Map<String, Object> record = only(AuditTrail.recordsOf(read.header("X-Request-Id"), Persona.GLOBEX, Persona.ROOT));
        assertThat(record.get("action"), is("read"));
        assertThat(record.get("outcome"), is("allowed"));
        assertThat(record.get("resource"), is("admin/v1/tenants/globex/limits"));
    }

    @Test
    void roleRefusalsAreAudited() {
        Response operatorOnly = Fixtures.as(Persona.ALICE).get("/admin/v1/tenants/globex/limits");
        assertThat(operatorOnly.statusCode(), is(403));
        Map<String, Object> refused = only(AuditTrail.recordsOf(operatorOnly.header("X-Request-Id"), Persona.GLOBEX, Persona.ALICE));
        assertThat(refused.get("outcome"), is("denied"));
        assertThat(refused.get("reason"), is("role-refused"));

        Response viewer = Fixtures.as(Persona.CAROL).contentType("application/json")
                .body("{\"slug\":\"refused-" + Fixtures.suffix() + "\",\"name\":\"Refused\"}").post("/api/v1/projects");
        assertThat(viewer.statusCode(), is(403));
        Map<String, Object> tenantSide = only(AuditTrail.recordsOf(viewer.header("X-Request-Id"), Persona.ACME, Persona.CAROL));
        assertThat(tenantSide.get("outcome"), is("denied"));
        assertThat(tenantSide.get("reason"), is("role-refused"));
    }

    private static Map<String, Object> only(List<Map<String, Object>> records) {
        assertThat(records.toString(), records.size(), is(1));
        return records.get(0);
    }
}
