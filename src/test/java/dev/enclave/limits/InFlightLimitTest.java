package dev.enclave.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.limits.admission.Admission;
import dev.enclave.limits.admission.RequestLimiter;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A tenant's requests in progress are capped across instances. Slots held "elsewhere" are taken straight from the
 * limiter (as another instance's requests would be), then a real request finds the cap.
 */
@QuarkusTest
class InFlightLimitTest {

    static final TenantId GLOBEX = new TenantId(Persona.GLOBEX);

    @Inject
    RequestLimiter limiter;

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.GLOBEX);
    }

    @Test
    void pastTheCapIs429UntilASlotIsGivenBack() {
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("maxInFlight", 2));
        LimitValues limits = new LimitValues(2000, 5000, 2, 1L << 30, 100000L, 1);
        Admission first = limiter.admit(GLOBEX, limits, "held-by-another-instance-1");
        Admission second = limiter.admit(GLOBEX, limits, "held-by-another-instance-2");
        try {
            given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me")
                    .then().statusCode(429)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:enclave:problem:rate-limited"))
                    .body("detail", equalTo("the tenant already has 2 requests in progress; retry shortly"))
                    .header("Retry-After", "1");
            limiter.release(first);
            given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me").then().statusCode(200);
        } finally {
            limiter.release(first);
            limiter.release(second);
        }
    }

    @Test
    void aFinishedRequestGivesItsSlotBackBeforeTheClientSeesTheAnswer() {
        TenantLimitsFixture.set(Persona.GLOBEX, Map.of("maxInFlight", 1));
        for (int i = 0; i < 20; i++) {
            given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me").then().statusCode(200);
        }
        // Failed requests too.
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/projects/not-an-id").then().statusCode(400);
        }
        given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me").then().statusCode(200);
    }
}
