package dev.enclave.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.events.EventChannels;
import dev.enclave.events.EventRejection;
import dev.enclave.testing.Browser;
import dev.enclave.testing.EventTopics;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.LocalStack;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import dev.enclave.testing.Workspace;

/**
 * The operator console in a real browser against the real Keycloak: ROOT signs in on Keycloak's login page, sorts
 * the tenants, changes a limit of acme (applied, visible through the admin API, audited like the API's change),
 * gets bad input explained on the form, and a form post without the CSRF token is refused. ALICE (a tenant owner)
 * signs in too and is refused. Screenshots: target/screenshots/console-*.png.
 */
@QuarkusTest
class ConsoleTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @TestHTTPResource("/")
    URL base;

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.ACME);
    }

    @Test
    void anOperatorSortsTenantsAndChangesALimitLikeTheAdminApi() throws Exception {
        // acme stores something (the quota's counter moves with the write), so the usage columns do not all tie.
        Workspace.documentId(Persona.ALICE, Workspace.createProject(Persona.ALICE), "console " + Fixtures.suffix(), "x".repeat(500));
        try (Browser browser = new Browser()) {
            browser.open(url("console/tenants"));
            browser.awaitUrlContains("/realms/enclave/protocol/openid-connect/auth");
            browser.screenshot("console-01-keycloak-login");
            browser.signInAtKeycloak("root", "root");
            browser.await(By.id("tenants"));
            assertTrue(browser.currentUrl().startsWith(url("console/tenants")), browser.currentUrl());
            assertTrue(column(browser, 1).containsAll(List.of(Persona.ACME, Persona.GLOBEX)), "tenants: " + column(browser, 1));
            browser.screenshot("console-02-tenants");

            sortBy(browser, "name", "sort=name");
            assertSorted(column(browser, 2), Comparator.naturalOrder());
            sortBy(browser, "name", "sort=-name");
            assertSorted(column(browser, 2), Comparator.reverseOrder());
            sortBy(browser, "storedBytes", "sort=storedBytes");
            assertSorted(storedBytes(browser), Comparator.naturalOrder());
            sortBy(browser, "storedBytes", "sort=-storedBytes");
            List<Long> bytes = storedBytes(browser);
            assertSorted(bytes, Comparator.reverseOrder());
            assertTrue(new HashSet<>(bytes).size() > 1, "all tenants store the same, the order proves nothing: " + bytes);
            browser.screenshot("console-03-tenants-by-stored-bytes-desc");

            browser.driver().findElement(By.cssSelector("tr[data-tenant='acme'] a")).click();
            assertEquals(Persona.ACME, browser.await(By.id("tenant-id")).getText());
            assertTrue(browser.driver().findElement(By.id("traces")).getAttribute("href")
                    .endsWith("?serviceName=enclave&annotationQuery=tenant.id%3Dacme"));
            browser.screenshot("console-04-tenant-acme");

            long burst = 6_000 + ThreadLocalRandom.current().nextInt(1_000); // above the seed's 5000: never a tighter limit
            submitBurst(browser, String.valueOf(burst));
            browser.await(By.id("saved"));
            assertEquals(String.valueOf(burst), browser.driver().findElement(By.cssSelector("tr[data-limit='burst'] td.effective")).getText());
            WebElement newest = browser.driver().findElement(By.cssSelector("#audit tbody tr"));
            assertTrue(newest.getText().contains("change-limits") && newest.getText().contains("burst=" + burst), newest.getText());
            browser.screenshot("console-05-limit-changed");

            // Applied, and the same record as a change through PATCH /admin/v1/tenants/acme/limits would write.
            // Operators' reads are audited too, off the request path, so the change need not be the newest record.
            String change = "items.find { it.action == 'change-limits' && it.reason == 'burst=" + burst + "' }";
            given().header("Authorization", Persona.ROOT.bearer()).queryParam("tenant", Persona.ACME).queryParam("limit", "50")
                    .when().get("/admin/v1/audit").then().statusCode(200)
                    .body(change + ".resource", equalTo("tenant/acme/limits"))
                    .body(change + ".outcome", equalTo("allowed"))
                    .body(change + ".actor", equalTo(Persona.ROOT.subject));
            given().header("Authorization", Persona.ROOT.bearer()).when().get("/admin/v1/tenants/acme/limits")
                    .then().statusCode(200).body("effective.burst", equalTo((int) burst));

            // Bad input: the admin API's own validation, shown on the form with what was typed; nothing changes.
            submitBurst(browser, "lots");
            assertEquals("burst must be null or an integer between 1 and 10000000", browser.await(By.id("error")).getText());
            assertEquals("lots", browser.driver().findElement(By.id("burst")).getAttribute("value"));
            browser.screenshot("console-06-bad-input");
            given().header("Authorization", Persona.ROOT.bearer()).when().get("/admin/v1/tenants/acme/limits")
                    .then().statusCode(200).body("effective.burst", equalTo((int) burst));

            // The session alone cannot post a form: without the page's CSRF token (or with a wrong one) it is refused.
            String cookies = browser.cookieHeader();
            for (String form : List.of("id=acme&burst=7", "id=acme&burst=7&csrf-token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) {
                HttpResponse<String> refused = postForm(cookies, form);
                assertEquals(403, refused.statusCode(), form);
                assertTrue(refused.body().contains("Form refused"), refused.body());
            }
            given().header("Authorization", Persona.ROOT.bearer()).when().get("/admin/v1/tenants/acme/limits")
                    .then().statusCode(200).body("effective.burst", equalTo((int) burst));
            // The console's session is no API credential (even sent where a browser would not send it).
            assertEquals(401, get("admin/v1/audit", cookies).statusCode());
            assertEquals(401, get("admin/v1/tenants/acme/limits", cookies).statusCode());

            // A record without a tenant, as any client on the broker could send it: dead-lettered and audited (counted
            // into a record of the unverified ones, which names no tenant).
            String refused = deadLetter();
            browser.driver().findElement(By.linkText("Event pipeline")).click();
            browser.await(By.id("consumers"));
            List<String> deadLetters = browser.driver().findElements(By.cssSelector("#dead-letters tbody tr")).stream()
                    .map(WebElement::getText).filter(row -> row.contains(refused)).toList();
            assertTrue(deadLetters.stream().anyMatch(row -> row.endsWith(EventRejection.MISSING_TENANT)),
                    "dead letters of " + refused + ": " + deadLetters);
            List<String> consumers = browser.driver().findElements(By.cssSelector("#consumers tbody tr[data-consumer]")).stream()
                    .map(r -> r.getAttribute("data-consumer")).toList();
            assertTrue(consumers.containsAll(List.of("usage-meter", "activity-feed", "search-indexer")), "consumers: " + consumers);
            assertTrue(browser.driver().findElement(By.id("outbox-pending")).getText().matches("\\d+ events not yet published"));
            browser.screenshot("console-07-event-pipeline");

            // Bad addresses are pages too, never a 500.
            browser.open(url("console/tenants?sort=bogus"));
            assertEquals("There is no column 'bogus' to sort by; sorted by id.", browser.await(By.id("notice")).getText());
            browser.open(url("console/tenant?id=no-such-tenant"));
            assertTrue(browser.await(By.id("problem-title")).getText().startsWith("404"));
        }
    }

    @Test
    void anOperatorMovesATenantsSearchDocumentsAndSignsOut() throws Exception {
        try (Browser browser = new Browser()) {
            browser.open(url("console/tenant?id=globex"));
            browser.signInAtKeycloak("root", "root");
            assertEquals("shared", browser.await(By.id("placement")).getText());
            browser.driver().findElement(By.id("move-search")).click();
            WebElement moved = browser.await(By.id("search-moved"));
            assertEquals("Search documents moved to the dedicated index.", moved.getText());
            browser.scrollTo(moved);
            assertEquals("dedicated", browser.driver().findElement(By.id("placement")).getText());
            WebElement newest = browser.driver().findElement(By.cssSelector("#audit tbody tr"));
            assertTrue(newest.getText().contains("search-placement:dedicated"), newest.getText());
            browser.screenshot("console-09-search-moved");
            browser.driver().findElement(By.id("move-search")).click();
            assertEquals("Search documents moved to the shared index.", browser.await(By.id("search-moved")).getText());
            assertEquals("shared", browser.driver().findElement(By.id("placement")).getText());

            browser.driver().findElement(By.linkText("Sign out")).click();
            browser.awaitUrlContains("/console/signed-out");
            browser.open(url("console/tenants"));
            browser.awaitUrlContains("/realms/enclave/protocol/openid-connect/auth"); // signed out: Keycloak asks again
        } finally {
            given().header("Authorization", Persona.ROOT.bearer()).contentType("application/json").body(Map.of("placement", "shared"))
                    .when().put("/admin/v1/tenants/globex/search-placement").then().statusCode(200);
        }
    }

    @Test
    void aTenantOwnerSignsInAndIsRefused() throws Exception {
        try (Browser browser = new Browser()) {
            browser.open(url("console/tenants"));
            browser.signInAtKeycloak("alice", "alice");
            assertEquals("403 · Not allowed", browser.await(By.id("problem-title")).getText());
            assertTrue(browser.driver().findElements(By.id("tenants")).isEmpty());
            browser.screenshot("console-08-alice-refused");

            String cookies = browser.cookieHeader();
            assertEquals(401, get("api/v1/me", cookies).statusCode()); // alice's console session is no API credential
            for (String page : List.of("console/tenants", "console/tenant?id=acme", "console/events")) {
                HttpResponse<String> response = get(page, cookies);
                assertEquals(403, response.statusCode(), page);
                assertTrue(response.body().contains("The console is for platform operators only."), page);
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page);
            }
        }
    }

    @Test
    void withoutASessionTheConsoleSendsTheBrowserToKeycloak() throws Exception {
        for (String page : List.of("console", "console/tenants", "console/events")) {
            HttpResponse<String> response = get(page, null);
            assertEquals(302, response.statusCode(), page);
            assertTrue(response.headers().firstValue("Location").orElse("")
                    .startsWith(LocalStack.Component.KEYCLOAK.url() + "/realms/enclave/protocol/openid-connect/auth?"), page);
        }
        // The API keeps its bearer-only answer (the console's tenant is not used there).
        assertEquals(401, get("admin/v1/audit", null).statusCode());
        assertEquals(401, get("api/v1/me", null).statusCode());
    }

    /**
     * Publishes a record without tenant header and waits until it is audited: unverified, so counted into an
     * aggregate record (UnverifiedRecords) written after the newest one before; returns that record's resource.
     */
    private static String deadLetter() {
        long before = ((Number) given().header("Authorization", Persona.ROOT.bearer()).queryParam("limit", "1")
                .when().get("/admin/v1/audit").then().statusCode(200).extract().path("items[0].id")).longValue();
        UUID event = UUID.randomUUID();
        ProducerRecord<String, String> record = new ProducerRecord<>(EventTopics.topic(), "acme:" + event, "{}");
        record.headers().add(EventChannels.EVENT_ID, event.toString().getBytes(StandardCharsets.UTF_8));
        EventTopics.publish(List.of(record));
        String prefix = "event-records?topic=" + EventTopics.topic() + "&count=";
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Map<String, Object>> items = given().header("Authorization", Persona.ROOT.bearer())
                    .queryParam("outcome", "denied").queryParam("limit", "50")
                    .when().get("/admin/v1/audit").then().statusCode(200).extract().jsonPath().getList("items");
            return items.stream().filter(e -> ((Number) e.get("id")).longValue() > before
                    && EventRejection.MISSING_TENANT.equals(e.get("reason")) && ((String) e.get("resource")).startsWith(prefix))
                    .map(e -> (String) e.get("resource")).findFirst().orElse(null);
        }, java.util.Objects::nonNull);
    }

    private static void sortBy(Browser browser, String column, String expectedQuery) {
        browser.driver().findElement(By.id("sort-" + column)).click();
        browser.awaitUrlContains(expectedQuery);
        browser.await(By.id("tenants"));
    }

    private static void submitBurst(Browser browser, String value) {
        WebElement field = browser.await(By.id("burst"));
        field.clear();
        field.sendKeys(value);
        browser.driver().findElement(By.id("save")).click();
    }

    private static List<String> column(Browser browser, int index) {
        return browser.driver().findElements(By.cssSelector("#tenants tbody tr td:nth-child(" + index + ")")).stream()
                .map(WebElement::getText).toList();
    }

    private static List<Long> storedBytes(Browser browser) {
        return column(browser, 8).stream().map(Long::valueOf).toList();
    }

    private static <T> void assertSorted(List<T> values, Comparator<? super T> order) {
        assertTrue(values.size() >= 2, "too few rows to check an order: " + values);
        assertEquals(values.stream().sorted(order).toList(), values, "rows out of order");
    }

    private String url(String path) {
        return base.toString() + path;
    }

    private HttpResponse<String> get(String path, String cookies) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET().timeout(Duration.ofSeconds(30));
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String cookies, String form) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url("console/tenant/limits"))).timeout(Duration.ofSeconds(30))
                .header("Cookie", cookies).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
