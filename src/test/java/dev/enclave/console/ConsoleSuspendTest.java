package dev.enclave.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.identity.TenantAccounts;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Browser;
import dev.enclave.testing.Persona;

/**
 * An operator suspends and resumes a tenant from its console page, in a real browser: the same service as
 * {@code POST /admin/v1/tenants/{id}/suspend|resume} (same status, same audit record). A tenant of its own, provisioned
 * through the API: suspending a seeded tenant would disable the shared Keycloak's personas for everyone else.
 */
@QuarkusTest
class ConsoleSuspendTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TenantAccounts accounts;

    private String tenant;

    @AfterEach
    void removeOwner() {
        if (tenant != null) {
            accounts.deleteUsersOf(new TenantId(tenant));
        }
    }

    @Test
    void anOperatorSuspendsAndResumesATenant() throws Exception {
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", Persona.ROOT.bearer()).contentType("application/json")
                .body(Map.of("id", tenant, "name", "Console " + tenant, "plan", "free", "homeRegion", "local",
                        "searchPlacement", "shared", "owner", Map.of("username", "own-" + tenant, "email", "own@" + tenant + ".test")))
                .when().post("/admin/v1/tenants").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> "active".equals(
                given().header("Authorization", Persona.ROOT.bearer()).when().get("/admin/v1/tenants/" + tenant).path("status")));

        try (Browser browser = new Browser()) {
            browser.open(base + "console/tenant?id=" + tenant);
            browser.signInAtKeycloak("root", "root");
            assertEquals("active", browser.await(By.id("status")).getText());
            browser.driver().findElement(By.id("suspend")).click(); // no reason: explained on the form
            assertTrue(browser.await(By.id("status-error")).getText().contains("reason"));
            assertEquals("active", browser.driver().findElement(By.id("status")).getText());

            browser.driver().findElement(By.id("reason")).sendKeys("chargeback under review");
            browser.driver().findElement(By.id("suspend")).click();
            assertEquals("Tenant suspended.", browser.await(By.id("status-changed")).getText());
            assertEquals("suspended", browser.driver().findElement(By.id("status")).getText());
            WebElement newest = browser.driver().findElement(By.cssSelector("#audit tbody tr"));
            browser.screenshot("console-20-tenant-suspended");
            given().header("Authorization", Persona.ROOT.bearer()).when().get("/admin/v1/tenants/" + tenant)
                    .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("suspended"))
                    .body("statusReason", org.hamcrest.Matchers.equalTo("chargeback under review"));
            assertTrue(newest.getText().contains("suspend"), newest.getText());

            browser.driver().findElement(By.id("resume")).click();
            assertEquals("Tenant resumed.", browser.await(By.id("status-changed")).getText());
            assertEquals("active", browser.driver().findElement(By.id("status")).getText());
            browser.screenshot("console-21-tenant-resumed");
        }
    }
}
