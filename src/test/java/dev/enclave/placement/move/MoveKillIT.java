package dev.enclave.placement.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.enclave.placement.DedicatedDatabases;
import dev.enclave.testing.PackagedApp;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;

/**
 * {@code kill -9} of the instance running a move, in the middle of its snapshot copy; another instance takes the job
 * over once its lease ran out and, the directory still naming the source, rolls the partial copy back and moves the
 * tenant again from the start: at the end every row is in the target once, none is left in the source, the tenant is
 * active. The instance Quarkus starts never polls for jobs.
 */
@QuarkusIntegrationTest
@TestProfile(MoveKillIT.Bystander.class)
class MoveKillIT {

    /** The instance Quarkus starts: it never runs the move. */
    public static class Bystander implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("enclave.jobs.poll", "1h", "quarkus.management.enabled", "true");
        }
    }

    private static final int DOCUMENTS = 20_000;
    private static final String PLACEMENT = "move-kill";
    private static final String SUFFIX = "mk";
    /** Small batches, short leases: the copy takes long enough to be killed in the middle, and is taken over soon. */
    private static final Map<String, String> RUNNER = Map.of("enclave.jobs.poll", "1s", "enclave.jobs.lease", "3s",
            "enclave.placements.move.batch-size", "100");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theMoveSurvivesKill9OfItsInstance() throws Exception {
        DedicatedDatabases.reset(SUFFIX);
        var registered = DedicatedDatabases.register(PLACEMENT, DedicatedDatabases.url(SUFFIX));
        assertTrue(registered.statusCode() == 201 || registered.statusCode() == 200, registered.asString());
        String tenant = "t-move-" + UUID.randomUUID().toString().substring(0, 8);
        seed(tenant);

        AtomicLong copiedAtKill = new AtomicLong();
        PackagedApp victim = PackagedApp.startAnother("move-victim", RUNNER);
        try {
            HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(victim.baseUri() + "/admin/v1/tenants/" + tenant
                    + "/placement")).header("Authorization", Persona.ROOT.bearer()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"database\": \"" + PLACEMENT + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, started.statusCode(), started.body());
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
                copiedAtKill.set(query("select coalesce(max(done), -1) from operator_jobs where tenant = ? and kind = 'tenant-move' "
                        + "and state = 'running' and step = 'copy'", tenant));
                return copiedAtKill.get() > 1_000 && copiedAtKill.get() < DOCUMENTS / 2; // documents partly copied
            });
        } finally {
            victim.kill();
        }
        long inTarget = DedicatedDatabases.count(SUFFIX, tenant, "select count(*) from documents where tenant_id = current_setting('app.tenant_id')");
        System.out.printf("kill -9 during the copy: %d rows copied and checkpointed, %d in the target%n", copiedAtKill.get(), inTarget);
        assertTrue(inTarget > 0 && inTarget < DOCUMENTS, "killed in the middle of the copy");
        assertEquals("shared", text("select db_placement from tenants where id = ?", tenant));
        assertEquals("migrating", text("select status from tenants where id = ?", tenant));

        try (PackagedApp successor = PackagedApp.startAnother("move-successor", RUNNER)) {
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> !"running"
                    .equals(text("select state from operator_jobs where tenant = ? and kind = 'tenant-move'", tenant)));
        }
        assertEquals("succeeded", text("select state || coalesce(': ' || error, '') from operator_jobs where tenant = ? and kind = 'tenant-move'", tenant));
        assertTrue(query("select attempts from operator_jobs where tenant = ? and kind = 'tenant-move'", tenant) >= 2, "resumed by another attempt");
        assertEquals(PLACEMENT, text("select db_placement from tenants where id = ?", tenant));
        assertEquals("active", text("select status from tenants where id = ?", tenant));
        assertEquals(DOCUMENTS, DedicatedDatabases.count(SUFFIX, tenant, "select count(*) from documents where tenant_id = current_setting('app.tenant_id')"),
                "every row in the target, once");
        assertEquals(0, DedicatedDatabases.count(null, tenant, "select count(*) from documents where tenant_id = current_setting('app.tenant_id')"),
                "none left in the source");
        assertEquals("moved", text("select state from tenant_moves where tenant = ?", tenant), "the source refuses the tenant's writes");
    }

    private static void seed(String tenant) throws SQLException {
        try (Connection owner = TestDatabase.asOwner(); Statement sql = owner.createStatement()) {
            sql.execute("select register_tenant('" + tenant + "', 'Move kill test', 'free', 'local', 'shared')");
            sql.execute("select change_tenant_status('" + tenant + "', '{provisioning}', 'active', 'test', null)");
            owner.setAutoCommit(false);
            sql.execute("select set_config('app.tenant_id', '" + tenant + "', true)");
            sql.execute("insert into projects (tenant_id, id, slug, name) values ('" + tenant + "', gen_random_uuid(), 'moved', 'Moved')");
            sql.execute("insert into documents (tenant_id, id, project_id, title, body) select '" + tenant
                    + "', gen_random_uuid(), (select id from projects where tenant_id = '" + tenant + "'), 'Document ' || n, repeat('body ', 20) "
                    + "from generate_series(1, " + DOCUMENTS + ") n");
            owner.commit();
        }
    }

    private static long query(String sql, String tenant) throws SQLException {
        String value = text(sql, tenant);
        return value == null ? -1 : Long.parseLong(value);
    }

    private static String text(String sql, String tenant) throws SQLException {
        try (Connection db = TestDatabase.asSuperuser(); PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, tenant);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }
}
