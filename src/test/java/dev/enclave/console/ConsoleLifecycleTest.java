package dev.enclave.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
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
 * An operator exports a tenant's data and offboards it (and thinks better of it) from its console page, in a real
 * browser: the same services as {@code POST /admin/v1/tenants/{id}/exports}, {@code .../offboard} and
 * {@code .../offboard/cancel}. A tenant of its own, provisioned through the API, so the seeded ones are untouched.
 */
@QuarkusTest
class ConsoleLifecycleTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TenantAccounts accounts;

    private final List<String> tenants = new ArrayList<>();

    @AfterEach
    void removeOwners() {
        tenants.forEach(t -> accounts.deleteUsersOf(new TenantId(t)));
    }

    /** A fresh tenant, provisioned through the admin API and active. */
    private String provision() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.add(tenant);
        given().header("Authorization", Persona.ROOT.bearer()).contentType("application/json")
                .body(Map.of("id", tenant, "name", "Console " + tenant, "plan", "free", "homeRegion", "local",
                        "searchPlacement", "shared", "owner", Map.of("username", "own-" + tenant, "email", "own@" + tenant + ".test")))
                .when().post("/admin/v1/tenants").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> "active".equals(
                given().header("Authorization", Persona.ROOT.bearer()).when().get("/admin/v1/tenants/" + tenant).path("status")));
        return tenant;
    }

    @Test
    void anOperatorExportsOffboardsAndCancels() throws Exception {
        String tenant = provision();

        try (Browser browser = new Browser()) {
            browser.open(base + "console/tenant?id=" + tenant);
            browser.signInAtKeycloak("root", "root");
            assertEquals("active", browser.await(By.id("status")).getText());
            assertTrue(browser.await(By.id("exports")).getText().contains("No exports"));

            browser.driver().findElement(By.id("export")).click();
            assertEquals("Export started.", browser.await(By.id("export-notice")).getText());
            // The page reloads itself while the export runs; reload here too, for a bounded time.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                browser.open(base + "console/tenant?id=" + tenant);
                return "succeeded".equals(browser.await(By.cssSelector("#exports tbody tr .state")).getText());
            });
            WebElement export = browser.driver().findElement(By.cssSelector("#exports tbody tr"));
            String prefix = export.findElement(By.cssSelector(".prefix")).getText();
            String listed = given().header("Authorization", Persona.ROOT.bearer()).when().get("/admin/v1/tenants/" + tenant + "/exports")
                    .then().statusCode(200).body("[0].state", Matchers.equalTo("succeeded")).extract().path("[0].result.prefix");
            assertEquals(listed, prefix);
            assertTrue(!prefix.isBlank(), "the bundle prefix is shown");

            // A grace that is no duration: the service's 400, on the page, and nothing changed.
            browser.driver().findElement(By.id("offboard-reason")).sendKeys("contract ended");
            browser.driver().findElement(By.id("grace")).sendKeys("soon");
            browser.driver().findElement(By.id("offboard")).click();
            assertTrue(browser.await(By.id("offboard-error")).getText().contains("ISO-8601"));
            assertEquals("active", browser.driver().findElement(By.id("status")).getText());

            browser.driver().findElement(By.id("offboard-reason")).sendKeys("contract ended");
            browser.driver().findElement(By.id("grace")).sendKeys("PT1H");
            browser.driver().findElement(By.id("offboard")).click();
            assertTrue(browser.await(By.id("offboard-notice")).getText().startsWith("Tenant offboarding"));
            assertEquals("offboarding", browser.driver().findElement(By.id("status")).getText());
            given().header("Authorization", Persona.ROOT.bearer()).when().get("/admin/v1/tenants/" + tenant)
                    .then().statusCode(200).body("status", Matchers.equalTo("offboarding"));
            browser.scrollTo(browser.driver().findElement(By.id("status-form")));
            Path shot = browser.screenshot("console-30-tenant-exported-offboarding");
            System.out.println("screenshot: " + shot.toAbsolutePath());

            browser.driver().findElement(By.id("cancel-offboard")).click();
            assertTrue(browser.await(By.id("offboard-notice")).getText().startsWith("Offboarding cancelled"));
            assertEquals("active", browser.driver().findElement(By.id("status")).getText());
            WebElement newest = browser.driver().findElement(By.cssSelector("#audit tbody tr"));
            assertTrue(newest.getText().contains("cancel-offboard"), newest.getText());
            Path after = browser.screenshot("console-31-tenant-offboarding-cancelled");
            System.out.println("screenshot: " + after.toAbsolutePath());
        }
    }

    @Test
    void aPurgedTenantsPageShowsItsReceipt() throws Exception {
        String tenant = provision();
        try (Browser browser = new Browser()) {
            browser.open(base + "console/tenant?id=" + tenant);
            browser.signInAtKeycloak("root", "root");
            browser.await(By.id("offboard")).click(); // no reason: the service's 400 on the page
            assertTrue(browser.await(By.id("offboard-error")).getText().contains("reason"));

            browser.driver().findElement(By.id("offboard-reason")).sendKeys("trial over");
            browser.driver().findElement(By.id("grace")).sendKeys("PT0S");
            browser.driver().findElement(By.id("offboard")).click();
            // with no grace the purge may have begun already ("purging") by the time the page is shown
            assertTrue(browser.await(By.id("offboard-notice")).getText().startsWith("Tenant offboarding"));

            String digest = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(
                    () -> given().header("Authorization", Persona.ROOT.bearer()).when().get("/admin/v1/tenants/" + tenant + "/receipt")
                            .then().extract().path("digest"), d -> d != null);
            browser.open(base + "console/tenant?id=" + tenant);
            assertEquals("deleted", browser.await(By.id("status")).getText());
            assertEquals(digest, browser.await(By.id("receipt-digest")).getText());
            String receipt = browser.driver().findElement(By.id("receipt")).getText();
            assertTrue(receipt.contains("postgresql") && receipt.contains("→ 0"), receipt);
            browser.scrollTo(browser.driver().findElement(By.id("receipt")));
            System.out.println("screenshot: " + browser.screenshot("console-32-tenant-purge-receipt").toAbsolutePath());
        }
    }
}
