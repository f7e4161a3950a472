package dev.enclave.portability;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.enclave.identity.TenantAccounts;
import dev.enclave.objectstore.BundleStore;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;

/**
 * Export a tenant to a bundle in the object store (S3Proxy), import it into another tenant under new ids, export the
 * copy: the same counts and content digests. Against the real stack: PostgreSQL with RLS, S3Proxy, Keycloak (the
 * copy's bound member is created there), OpenSearch (the copy is searchable).
 */
@QuarkusTest
class TenantPortabilityTest {

    @Inject
    BundleStore store;

    @Inject
    TenantAccounts accounts;

    @AfterEach
    void removeBundles() {
        SeededTenant.MADE.forEach(tenant -> store.deletePrefix("exports/" + tenant + "/"));
        SeededTenant.MADE.clear();
    }

    @Test
    void anExportHoldsEveryEntityWithCountsAndHashesThatMatch() throws Exception {
        String source = SeededTenant.withData(50);
        long auditBefore = SeededTenant.counts(source).get("audit");
        JsonPath export = finished(source, "exports", start(source));
        long auditAfter = SeededTenant.counts(source).get("audit");
        assertThat(export.getString("state"), is("succeeded"));
        assertThat(export.getString("result.prefix"), is("exports/" + source + "/" + export.getString("id") + "/"));
        assertThat(export.getString("result.bucket"), is("enclave-exports"));
        Map<String, Long> counts = SeededTenant.counts(source);
        for (Map<String, Object> file : export.<Map<String, Object>>getList("result.manifest.files")) {
            String entity = (String) file.get("entity");
            long count = ((Number) file.get("count")).longValue();
            if (entity.equals("audit")) { // the export's own start (and reads of it) are audited while it runs
                assertThat(count, greaterThanOrEqualTo(auditBefore));
                assertThat(count, lessThanOrEqualTo(auditAfter));
            } else {
                assertThat(entity, count, is(counts.get(entity)));
            }
            byte[] bytes = read(export.getString("result.prefix") + file.get("file"));
            assertThat(entity, sha256(bytes), is(file.get("sha256")));
            assertThat(entity, (long) new String(bytes, StandardCharsets.UTF_8).lines().count(), is(count));
        }
        assertThat(sha256(read(export.getString("result.prefix") + "manifest.json")), is(export.getString("result.manifestSha256")));
        try (Connection owner = TestDatabase.asOwner()) {
            assertThat(export.getString("result.manifest.schemaVersion"), is(TestDatabase.strings(owner, """
                    select version from flyway_schema_history where success and version is not null
                     order by string_to_array(version, '.')::int[] desc limit 1""").get(0)));
        }
        assertThat(export.getString("result.manifest.contentDigest"), startsWith("sum mod 2^256"));
        // The start is audited by the request, the end by the job runner, both with root as the actor.
        try (Connection owner = TestDatabase.asOwner()) {
            String about = "select count(*) from audit_log where target_tenant = '" + source + "' and actor = '" + Persona.ROOT.subject
                    + "' and outcome = 'allowed' and action = ";
            assertThat(TestDatabase.count(owner, about + "'export'"), is(1L));
            await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(owner, about + "'job:export'"), is(1L));
        }
    }

    @Test
    void anImportIntoAnEmptyTenantGivesACopyWithTheSameCountsAndContent() throws Exception {
        String source = SeededTenant.withData(120);
        JsonPath original = finished(source, "exports", start(source));
        String target = SeededTenant.empty("free");
        try {
            JsonPath imported = finished(target, "imports", startImport(target, source, original.getString("id")).then()
                    .statusCode(202).extract().header("Location"));
            assertThat(imported.getString("error"), imported.getString("state"), is("succeeded"));
            assertThat(imported.getLong("result.imported.documents"), is(120L));
            assertThat(imported.getLong("result.imported.searchIndexed"), is(120L));
            JsonPath copy = finished(target, "exports", start(target));
            Map<String, Map<String, Object>> before = files(original);
            Map<String, Map<String, Object>> after = files(copy);
            for (String entity : before.keySet()) {
                if (entity.equals("audit")) {
                    continue; // not imported: the copy's audit log is its own
                }
                assertThat(entity, after.get(entity).get("count"), is(before.get(entity).get("count")));
                assertThat(entity, after.get(entity).get("contentDigest"), is(before.get(entity).get("contentDigest")));
            }
            try (Connection owner = TestDatabase.asOwnerOf(target); Connection sourceOwner = TestDatabase.asOwnerOf(source)) {
                // New ids everywhere: no id of the source is in the copy.
                java.util.Set<String> copied = new java.util.HashSet<>(TestDatabase.strings(owner,
                        "select id::text from documents where tenant_id = '" + target + "'"));
                copied.retainAll(TestDatabase.strings(sourceOwner, "select id::text from documents where tenant_id = '" + source + "'"));
                assertThat(copied.size(), is(0));
                assertThat(TestDatabase.count(owner, "select count(*) from members where tenant_id = '" + target
                        + "' and subject is not null"), is(1L)); // the owner, created in Keycloak; alice's email is taken
                assertThat(TestDatabase.count(owner, "select count(*) from documents d join members m on m.tenant_id = d.tenant_id"
                        + " and m.subject = d.created_by where d.tenant_id = '" + target + "'"), is(120L));
                assertThat(TestDatabase.strings(owner, "select plan from tenants where id = '" + target + "'").get(0), is("pro"));
            }
            assertThat(accounts.findByEmail(new TenantId(target), "owner-" + source + "@example.test").isPresent(), is(true));
            await().atMost(Duration.ofSeconds(10)).until(() -> SearchCount.of(target), is(120L));
        } finally {
            accounts.deleteUsersOf(new TenantId(target));
        }
    }

    @Test
    void aMemberTheTargetAlreadyHasIsMatchedByEmailAndKept() throws Exception {
        String source = SeededTenant.withData(4);
        JsonPath original = finished(source, "exports", start(source));
        String target = SeededTenant.empty("free");
        String subject = UUID.randomUUID().toString();
        try (Connection owner = TestDatabase.asOwner()) { // as provisioning would: the target's own owner, same email
            owner.setAutoCommit(false);
            TestDatabase.setTenant(owner, target, true);
            TestDatabase.execute(owner, "insert into members (tenant_id, id, subject, email, display_name, role) values ('"
                    + target + "', gen_random_uuid(), '" + subject + "', 'owner-" + source + "@example.test', 'Provisioned', 'owner')");
            owner.commit();
        }
        JsonPath imported = finished(target, "imports", startImport(target, source, original.getString("id")).then()
                .statusCode(202).extract().header("Location"));
        assertThat(imported.getString("error"), imported.getString("state"), is("succeeded"));
        try (Connection owner = TestDatabase.asOwnerOf(target)) {
            String w = " where tenant_id = '" + target + "'";
            assertThat(TestDatabase.count(owner, "select count(*) from members" + w), is(3L));
            assertThat(TestDatabase.strings(owner, "select display_name from members" + w + " and subject = '" + subject + "'").get(0),
                    is("Provisioned"));
            // The documents the source's owner created are the target's owner's.
            assertThat(TestDatabase.count(owner, "select count(*) from documents" + w + " and created_by = '" + subject + "'"), is(4L));
        }
        assertThat(accounts.findByEmail(new TenantId(target), "owner-" + source + "@example.test").isPresent(), is(false));
    }

    @Test
    void aTamperedBundleFailsTheImportAndWritesNothing() throws Exception {
        String source = SeededTenant.withData(10);
        JsonPath original = finished(source, "exports", start(source));
        String key = original.getString("result.prefix") + "documents.ndjson";
        String tampered = new String(read(key), StandardCharsets.UTF_8).replace("zeppelins", "submarines");
        Path file = Files.createTempFile("tampered", ".ndjson");
        Files.writeString(file, tampered);
        store.put(key, file, "application/x-ndjson");
        Files.delete(file);
        String target = SeededTenant.empty("free");
        JsonPath imported = finished(target, "imports", startImport(target, source, original.getString("id")).then()
                .statusCode(202).extract().header("Location"));
        assertThat(imported.getString("state"), is("failed"));
        assertThat(imported.getString("error"), containsString("documents.ndjson does not match its manifest"));
        assertThat(imported.getString("error"), containsString("nothing was imported"));
        Map<String, Long> counts = SeededTenant.counts(target);
        for (String entity : new String[] { "members", "projects", "documents", "settings", "usage", "activity" }) {
            assertThat(entity, counts.get(entity), is(0L));
        }
        try (Connection owner = TestDatabase.asOwner()) {
            assertThat(TestDatabase.strings(owner, "select plan from tenants where id = '" + target + "'").get(0), is("free"));
        }
    }

    @Test
    void anImportIntoATenantWithDataIsRefused() throws Exception {
        String source = SeededTenant.withData(3);
        JsonPath original = finished(source, "exports", start(source));
        String other = SeededTenant.withData(1);
        startImport(other, source, original.getString("id")).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already holds projects or documents"));
    }

    @Test
    void anImportOfABundleNoLongerInTheStoreIsRefused() throws Exception {
        String source = SeededTenant.withData(2);
        JsonPath original = finished(source, "exports", start(source));
        store.deletePrefix(original.getString("result.prefix"));
        startImport(SeededTenant.empty("free"), source, original.getString("id")).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("not in the object store"));
    }

    @Test
    void badInputIsRefusedWithProblems() throws Exception {
        operator().post("/admin/v1/tenants/never-registered/exports").then().statusCode(404).contentType("application/problem+json");
        operator().get("/admin/v1/tenants/acme/exports/not-a-uuid").then().statusCode(400).contentType("application/problem+json");
        operator().get("/admin/v1/tenants/acme/exports/" + UUID.randomUUID()).then().statusCode(404);
        Fixtures.as(Persona.ALICE).post("/admin/v1/tenants/acme/exports").then().statusCode(403).contentType("application/problem+json");
        Fixtures.as(Persona.ALICE).contentType(ContentType.JSON).body("{}").post("/admin/v1/tenants/acme/imports").then().statusCode(403);
        // Another tenant's export is not found under this tenant, for exports and as an import's source.
        String source = SeededTenant.withData(1);
        String job = finished(source, "exports", start(source)).getString("id");
        operator().get("/admin/v1/tenants/acme/exports/" + job).then().statusCode(404).contentType("application/problem+json");
        String target = SeededTenant.empty("free");
        startImport(target, Persona.GLOBEX, job).then().statusCode(404).contentType("application/problem+json");
        startImport(target, source, "nope").then().statusCode(400).contentType("application/problem+json");
        operator().contentType(ContentType.JSON).body("{\"from\":{}}").post("/admin/v1/tenants/" + target + "/imports")
                .then().statusCode(400).contentType("application/problem+json");
        startImport("never-registered", source, job).then().statusCode(404).contentType("application/problem+json");
    }

    private static RequestSpecification operator() {
        return Fixtures.as(Persona.ROOT);
    }

    private static String start(String tenant) {
        return operator().post("/admin/v1/tenants/" + tenant + "/exports").then().statusCode(202)
                .body("state", is("queued")).extract().header("Location");
    }

    private static Response startImport(String target, String source, String export) {
        return operator().contentType(ContentType.JSON)
                .body("{\"from\":{\"tenant\":\"" + source + "\",\"export\":\"" + export + "\"}}")
                .post("/admin/v1/tenants/" + target + "/imports");
    }

    private static JsonPath finished(String tenant, String kind, String location) {
        assertThat(location, containsString("/admin/v1/tenants/" + tenant + "/" + kind + "/"));
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> operator().get(location).then().statusCode(200).extract().jsonPath(),
                        job -> job.getString("state").equals("succeeded") || job.getString("state").equals("failed"));
    }

    private static Map<String, Map<String, Object>> files(JsonPath export) {
        Map<String, Map<String, Object>> files = new HashMap<>();
        export.<Map<String, Object>>getList("result.manifest.files").forEach(f -> files.put((String) f.get("entity"), f));
        return files;
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return ContentDigest.hex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
