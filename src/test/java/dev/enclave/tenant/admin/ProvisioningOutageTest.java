package dev.enclave.tenant.admin;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import dev.enclave.identity.TenantAccounts;
import dev.enclave.jobs.JobState;
import dev.enclave.jobs.OperatorJobs;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.KeycloakAdminOutageResource;

/**
 * Keycloak down for the control plane: a provisioning waits (its job retries, the tenant stays provisioning, never
 * half-made) and finishes once Keycloak is back; a suspension is refused with 503 and changes nothing.
 */
@QuarkusTest
@TestProfile(ProvisioningOutageTest.KeycloakAdminThroughRelay.class)
class ProvisioningOutageTest {

    public static class KeycloakAdminThroughRelay implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakAdminOutageResource.class));
        }
    }

    @Inject
    OperatorJobs jobs;
    @Inject
    TenantAccounts accounts;

    private String tenant;

    @AfterEach
    void keycloakBack() {
        KeycloakAdminOutageResource.keycloakAdminUp(true);
        if (tenant != null) {
            accounts.deleteUsersOf(new TenantId(tenant));
        }
    }

    @Test
    void aProvisioningWaitsForKeycloakAndASuspensionIsRefusedWithoutIt() {
        tenant = Provisioning.randomId();
        KeycloakAdminOutageResource.keycloakAdminUp(false);
        Response created = Provisioning.post(Provisioning.body(tenant, "own-" + tenant, "shared"), null);
        created.then().statusCode(201);
        UUID job = UUID.fromString(created.jsonPath().getString("job"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> jobs.find(new TenantId(tenant), job).orElseThrow().attempts() >= 2);
        var waiting = jobs.find(new TenantId(tenant), job).orElseThrow();
        assertTrue(!waiting.state().finished(), "still retrying: " + waiting);
        Provisioning.get(tenant).then().statusCode(200).body("status", equalTo("provisioning"))
                .body("provisioning.id", equalTo(job.toString())).body("provisioning.state", org.hamcrest.Matchers.isOneOf("queued", "running"))
                .body("provisioning.error", org.hamcrest.Matchers.containsString("identity provider"));

        KeycloakAdminOutageResource.keycloakAdminUp(true);
        Provisioning.awaitStatus(tenant, "active");
        assertEquals(JobState.SUCCEEDED, jobs.find(new TenantId(tenant), job).orElseThrow().state());

        KeycloakAdminOutageResource.keycloakAdminUp(false);
        Provisioning.suspend(tenant, "while Keycloak is down").then().statusCode(503)
                .contentType("application/problem+json");
        Provisioning.get(tenant).then().statusCode(200).body("status", equalTo("active"));
    }
}
