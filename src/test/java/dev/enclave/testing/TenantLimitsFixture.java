package dev.enclave.testing;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Sets a dev tenant's limits through the operator API (as ROOT), and puts back what R__dev_tenants_limits.sql
 * seeds, so that a test's limits never leak into the next test.
 */
public final class TenantLimitsFixture {

    /** The seed's overrides: roomy request limits and storage; AI budget and background work from the plan. */
    public static final Map<String, Object> SEED = seed();

    private TenantLimitsFixture() {
    }

    public static ValidatableResponse set(String baseUri, String tenant, Map<String, Object> patch) {
        return given().baseUri(baseUri).header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON)
                .body(patch).when().patch("/admin/v1/tenants/" + tenant + "/limits").then().statusCode(200);
    }

    public static ValidatableResponse set(String tenant, Map<String, Object> patch) {
        return given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON)
                .body(patch).when().patch("/admin/v1/tenants/" + tenant + "/limits").then().statusCode(200);
    }

    public static void restore(String tenant) {
        set(tenant, seedOf(tenant));
    }

    public static void restore(String baseUri, String tenant) {
        set(baseUri, tenant, seedOf(tenant));
    }

    /** The seed, with the plan the registry seed gives the tenant (R__dev_tenants.sql). */
    private static Map<String, Object> seedOf(String tenant) {
        Map<String, Object> patch = new LinkedHashMap<>(SEED);
        patch.put("plan", tenant.equals(Persona.ACME) ? "pro" : "free");
        return patch;
    }

    private static Map<String, Object> seed() {
        Map<String, Object> seed = new LinkedHashMap<>();
        seed.put("requestsPerSecond", 2000);
        seed.put("burst", 5000);
        seed.put("maxInFlight", 256);
        seed.put("storageBytes", 1073741824L);
        seed.put("aiTokensPerMonth", null);
        seed.put("backgroundConcurrency", null);
        return java.util.Collections.unmodifiableMap(seed);
    }
}
