package dev.enclave.portability;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.enclave.identity.TenantAccounts;
import dev.enclave.objectstore.BundleStore;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;

/**
 * Exports and imports whose instance died are taken over from their checkpoint: an export does not redo the files
 * it uploaded, an import redone from the middle of a file writes nothing twice (nor charges the quota twice).
 */
@QuarkusTest
class PortabilityResumeTest {

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
    void anExportResumesAfterTheLastFileItUploaded() throws Exception {
        String tenant = SeededTenant.withData(5);
        UUID id = UUID.randomUUID();
        // A crashed run that had uploaded members.ndjson (its entry, as the checkpoint recorded it: marked count 42).
        String checkpoint = """
                {"exportedAt":"2026-01-02T03:04:05Z","schemaVersion":"1","files":[{"entity":"members","file":"members.ndjson",
                 "count":42,"sha256":"ab","contentDigest":"cd","contentFields":["email","displayName","role"]}]}""";
        orphan(id, tenant, "export", "{}", "projects", checkpoint);
        JsonPath job = finished(tenant, "exports", id);
        assertThat(job.getString("state"), is("succeeded"));
        assertThat(job.getString("result.manifest.exportedAt"), is("2026-01-02T03:04:05Z"));
        assertThat(job.getInt("result.manifest.files[0].count"), is(42)); // not redone
        assertThat(job.getInt("result.manifest.files[2].count"), is(5)); // documents: done by the resumed run
        assertThat(job.getInt("attempts"), is(2));
    }

    @Test
    void anImportRedoneFromTheMiddleOfAFileWritesNothingTwice() throws Exception {
        String source = SeededTenant.withData(120);
        String export = Fixtures.as(Persona.ROOT).post("/admin/v1/tenants/" + source + "/exports").then().statusCode(202)
                .extract().path("id");
        assertThat(finished(source, "exports", UUID.fromString(export)).getString("state"), is("succeeded"));
        String target = SeededTenant.empty("free");
        try {
            String importId = Fixtures.as(Persona.ROOT).contentType(ContentType.JSON)
                    .body("{\"from\":{\"tenant\":\"" + source + "\",\"export\":\"" + export + "\"}}")
                    .post("/admin/v1/tenants/" + target + "/imports").then().statusCode(202).extract().path("id");
            assertThat(finished(target, "imports", UUID.fromString(importId)).getString("state"), is("succeeded"));
            Map<String, Long> before = SeededTenant.counts(target);
            long stored = storedBytes(target);
            // As if its instance died in the middle of the documents (60 of 120 checkpointed, more written after).
            try (Connection app = TestDatabase.asApp(); PreparedStatement crash = app.prepareStatement("""
                    update operator_jobs set state = 'running', step = 'documents', checkpoint = '60', result = null,
                           finished_at = null, lease_owner = 'instance-killed', lease_until = now() - interval '1 second'
                     where id = ?""")) {
                crash.setObject(1, UUID.fromString(importId));
                assertThat(crash.executeUpdate(), is(1));
            }
            JsonPath resumed = finished(target, "imports", UUID.fromString(importId));
            assertThat(resumed.getString("error"), resumed.getString("state"), is("succeeded"));
            assertThat(resumed.getLong("result.imported.documents"), is(120L));
            Map<String, Long> after = SeededTenant.counts(target);
            after.remove("audit");
            before.remove("audit");
            assertThat(after, is(before));
            assertThat(storedBytes(target), is(stored));
        } finally {
            accounts.deleteUsersOf(new TenantId(target));
        }
    }

    private static long storedBytes(String tenant) throws Exception {
        try (Connection owner = TestDatabase.asOwnerOf(tenant)) {
            return TestDatabase.count(owner, "select used_bytes from storage_usage where tenant_id = '" + tenant + "'");
        }
    }

    private static void orphan(UUID id, String tenant, String kind, String params, String step, String checkpoint) throws Exception {
        try (Connection app = TestDatabase.asApp(); PreparedStatement orphan = app.prepareStatement("""
                insert into operator_jobs (id, tenant, kind, state, params, step, checkpoint, attempts, lease_owner, lease_until, created_by)
                values (?, ?, ?, 'running', ?::jsonb, ?, ?, 1, 'instance-killed', now() - interval '1 second', 'root')""")) {
            orphan.setObject(1, id);
            orphan.setString(2, tenant);
            orphan.setString(3, kind);
            orphan.setString(4, params);
            orphan.setString(5, step);
            orphan.setString(6, checkpoint);
            orphan.executeUpdate();
        }
    }

    private static JsonPath finished(String tenant, String kind, UUID id) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> Fixtures.as(Persona.ROOT).get("/admin/v1/tenants/" + tenant + "/" + kind + "/" + id).then()
                        .statusCode(200).extract().jsonPath(),
                        job -> job.getString("state").equals("succeeded") || job.getString("state").equals("failed"));
    }
}
