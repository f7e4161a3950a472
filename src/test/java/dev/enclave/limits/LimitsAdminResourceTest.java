package dev.enclave.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Platform operators read and change plans and overrides; tenants cannot; every change is audited. */
@QuarkusTest
class LimitsAdminResourceTest {

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.GLOBEX);
    }

    @Test
    void rootSeesPlanDefaultsOverridesAndEffectiveLimits() {
        given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/tenants/acme/limits")
                .then().statusCode(200)
                .body("tenant", equalTo(Persona.ACME))
                .body("plan", equalTo("pro"))
                .body("planDefaults.burst", equalTo(200))
                .body("overrides.burst", equalTo(5000))
                .body("overrides.aiTokensPerMonth", nullValue())
                .body("effective.burst", equalTo(5000))
                .body("effective.aiTokensPerMonth", equalTo(2000000));
    }

    @Test
    void thePlanCatalogueIsListed() {
        given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/plans")
                .then().statusCode(200)
                .body("id", hasItems("free", "pro", "enterprise"));
    }

    @Test
    void anOverrideIsSetThenRemovedWithNull() {
        patch(Persona.GLOBEX, Map.of("aiTokensPerMonth", 1234))
                .then().statusCode(200)
                .body("overrides.aiTokensPerMonth", equalTo(1234))
                .body("effective.aiTokensPerMonth", equalTo(1234));
        Map<String, Object> clear = new HashMap<>();
        clear.put("aiTokensPerMonth", null);
        patch(Persona.GLOBEX, clear)
                .then().statusCode(200)
                .body("overrides.aiTokensPerMonth", nullValue())
                .body("effective.aiTokensPerMonth", equalTo(100000));
    }

    @Test
    void aPlanChangeBringsTheNewPlansDefaults() {
        patch(Persona.GLOBEX, Map.of("plan", "enterprise"))
                .then().statusCode(200)
                .body("plan", equalTo("enterprise"))
                .body("planDefaults.storageBytes", equalTo(107374182400L))
                .body("effective.burst", equalTo(5000)); // the override still wins
    }

    @Test
    void changesAreAuditedAsAllowedOperatorActions() {
        patch(Persona.GLOBEX, Map.of("maxInFlight", 77)).then().statusCode(200);
        given().header("Authorization", Persona.ROOT.bearer())
                .queryParam("tenant", Persona.GLOBEX).queryParam("outcome", "allowed")
                .when().get("/admin/v1/audit")
                .then().statusCode(200)
                .body("items[0].action", equalTo("change-limits"))
                .body("items[0].resource", equalTo("tenant/globex/limits"))
                .body("items[0].targetTenant", equalTo(Persona.GLOBEX))
                .body("items[0].actor", equalTo(Persona.ROOT.subject))
                .body("items[0].reason", equalTo("maxInFlight=77"));
    }

    @Test
    void invalidChangesAre400AndChangeNothing() {
        patch(Persona.GLOBEX, Map.of("burst", 0)).then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("burst must be null or an integer between 1 and 10000000"));
        patch(Persona.GLOBEX, Map.of("burst", "many")).then().statusCode(400);
        patch(Persona.GLOBEX, Map.of("burst", 1.5)).then().statusCode(400);
        patch(Persona.GLOBEX, Map.of("colour", "red")).then().statusCode(400).body("detail", equalTo("unknown field 'colour'"));
        patch(Persona.GLOBEX, Map.of("plan", "platinum", "burst", 9)).then().statusCode(400)
                .body("detail", equalTo("there is no plan 'platinum'"));
        patch(Persona.GLOBEX, Map.of()).then().statusCode(400);
        given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/tenants/globex/limits")
                .then().statusCode(200).body("plan", equalTo("free")).body("effective.burst", equalTo(5000));
    }

    @Test
    void unknownTenantsAre404() {
        patch("never-registered", Map.of("burst", 9)).then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/tenants/NOT_A_TENANT/limits").then().statusCode(404);
    }

    @Test
    void tenantsCannotReadOrChangeLimits() {
        given().header("Authorization", Persona.ALICE.bearer())
                .when().get("/admin/v1/tenants/acme/limits").then().statusCode(403);
        given().header("Authorization", Persona.ALICE.bearer()).contentType(ContentType.JSON).body(Map.of("burst", 100000))
                .when().patch("/admin/v1/tenants/acme/limits").then().statusCode(403);
        given().when().get("/admin/v1/plans").then().statusCode(401);
    }

    private static io.restassured.response.Response patch(String tenant, Map<String, ?> body) {
        return given().header("Authorization", Persona.ROOT.bearer()).contentType("application/merge-patch+json").body(body)
                .when().patch("/admin/v1/tenants/" + tenant + "/limits");
    }
}
