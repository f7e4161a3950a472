package dev.enclave.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import dev.enclave.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Membership is checked before the tenant's shared request bucket is spent: a removed member whose token still
 * names the tenant gets 403, and however often they try, the current members never get 429 because of them.
 */
@QuarkusTest
class RemovedMemberLimitTest {

    static final String CAROL_MEMBER = "00000000-0000-4000-8000-0000000000a2";

    @AfterEach
    void restore() throws Exception {
        TenantLimitsFixture.restore(Persona.ACME);
        try (Connection app = TestDatabase.asApp()) { // CAROL as R__dev_tenants.sql seeds her
            app.setAutoCommit(false);
            TestDatabase.setTenant(app, Persona.ACME, true);
            TestDatabase.execute(app, "insert into members (tenant_id, id, subject, email, display_name, role) values ('acme', '"
                    + CAROL_MEMBER + "', '" + Persona.CAROL.subject + "', 'carol@acme.test', 'Carol', 'viewer') on conflict do nothing");
            app.commit();
        }
    }

    @Test
    void aRemovedMemberCannotSpendTheTenantsBucket() {
        given().header("Authorization", Persona.ALICE.bearer()).when().delete("/api/v1/members/" + CAROL_MEMBER)
                .then().statusCode(204);
        TenantLimitsFixture.set(Persona.ACME, Map.of("requestsPerSecond", 1, "burst", 5));

        for (int i = 0; i < 15; i++) { // three times the burst
            Response refused = projects(Persona.CAROL);
            assertThat("attempt " + (i + 1) + ": " + refused.asString(), refused.statusCode(), is(403));
        }
        Response member = projects(Persona.ALICE);
        assertThat(member.asString(), member.statusCode(), is(200));
    }

    private static Response projects(Persona persona) {
        return given().header("Authorization", persona.bearer()).when().get("/api/v1/projects");
    }
}
