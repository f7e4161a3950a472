package dev.enclave.placement.move;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.enclave.testing.Database;
import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;

/**
 * The online move with the real second server (:5433): acme moves shared -> dedicated -> shared while it keeps
 * writing (every acknowledged write is there exactly once at the end, its events are published and applied once)
 * and globex keeps working; a move whose verification fails rolls back with nothing lost.
 */
@QuarkusTest
class TenantMoveTest {

    private static final int SEEDED = 3_000;

    @BeforeEach
    void dedicatedDatabase() {
        MoveDatabases.ready();
    }

    @Test
    void movesThereAndBackWhileTheTenantWrites() throws Exception {
        String project = seededProject();
        String globexProject = Workspace.createProject(Persona.BOB);
        // earlier tests of this service may have left acme events (updates, deletes) of their own: count from here
        EventPipeline.awaitSettled("acme");
        long documentsBefore = EventPipeline.usage("acme").documents();
        long acknowledged;
        try (Writer acme = new Writer(Persona.ALICE, project); Writer globex = new Writer(Persona.BOB, globexProject)) {
            acme.awaitAcknowledged(20);
            Map<String, Object> there = awaitMove(startMove("acme", MoveDatabases.PLACEMENT), "succeeded");
            assertEquals(MoveDatabases.PLACEMENT + "/active", MoveDatabases.placementOf("acme"));
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) there.get("result");
            assertTrue(((Number) result.get("pauseMs")).longValue() < 5_000, "the pause is within its bound: " + result);
            assertEquals(0, MoveDatabases.rowsOf(false, "acme"), "the source holds none of acme's rows after the cleanup");
            assertTrue(MoveDatabases.count(true, "acme", "select count(*) from documents where tenant_id = 'acme'") >= SEEDED);

            int before = acme.acknowledged.size();
            acme.awaitAcknowledged(before + 20); // writes go on in the dedicated database
            awaitMove(startMove("acme", "shared"), "succeeded");
            assertEquals("shared/active", MoveDatabases.placementOf("acme"));
            acme.awaitAcknowledged(acme.acknowledged.size() + 10);
            acme.stop();
            globex.stop();

            assertEquals(List.of(), acme.errors, "acme's writes were only ever acknowledged or refused with 503");
            assertEquals(0, acme.refused.get(), "a write that waited out a cut-over was run again in the new database, not refused");
            assertEquals(List.of(), globex.errors, "globex kept working during both moves");
            assertEquals(0, globex.refused.get(), "globex was never paused");
            List<String> acked = List.copyOf(acme.acknowledged);
            assertEquals(acked.size(), MoveDatabases.count(false, "acme",
                    "select count(*) from documents where tenant_id = 'acme' and id = any(?::uuid[])", (Object) acked.toArray(String[]::new)),
                    "every acknowledged write is there, once");
            assertEquals(acked.size(), MoveDatabases.count(false, "acme",
                    "select count(*) from documents where tenant_id = 'acme' and project_id = ?::uuid and title like 'w-%'", project),
                    "and nothing else was written");
            assertEquals(SEEDED, MoveDatabases.count(false, "acme",
                    "select count(*) from documents where tenant_id = 'acme' and project_id = ?::uuid and title like 'seed %'", project));
            assertEquals(0, MoveDatabases.rowsOf(true, "acme"), "the dedicated database holds none of acme's rows after the move back");
            acknowledged = acked.size();
            System.out.printf("move test: %d writes acknowledged, %d refused with 503 during the cut-overs%n", acked.size(), acme.refused.get());
        }
        // every event recorded (one per document created through the API, and the project) published and applied once
        EventPipeline.awaitSettled("acme");
        assertEquals(0, MoveDatabases.count(false, "acme", """
                select count(*) from (select event_id from processed_events where tenant_id = 'acme'
                 group by consumer, event_id having count(*) > 1) twice"""));
        assertEquals(acknowledged, EventPipeline.usage("acme").documents() - documentsBefore,
                "the usage meter applied each acknowledged write's event once (seeded rows have no events)");
    }

    @ParameterizedTest
    @EnumSource(TamperingHook.Armed.class)
    void aFailedVerificationRollsBackWithNothingLost(TamperingHook.Armed stage) throws Exception {
        String project = seededProject();
        try (Writer acme = new Writer(Persona.ALICE, project)) {
            acme.awaitAcknowledged(10);
            TamperingHook.ARMED.set(stage);
            Map<String, Object> failed = awaitMove(startMove("acme", MoveDatabases.PLACEMENT), "failed");
            assertTrue(String.valueOf(failed.get("error")).contains("verification failed, documents"), String.valueOf(failed));
            assertEquals("shared/active", MoveDatabases.placementOf("acme"));
            assertEquals(0, MoveDatabases.rowsOf(true, "acme"), "the partial copy is gone");
            assertEquals(0, MoveDatabases.count(false, "acme", "select count(*) from tenant_moves where tenant = 'acme'"),
                    "the source takes acme's writes as before");
            int before = acme.acknowledged.size();
            acme.awaitAcknowledged(before + 10);
            acme.stop();
            assertEquals(List.of(), acme.errors);
            List<String> acked = List.copyOf(acme.acknowledged);
            assertEquals(acked.size(), MoveDatabases.count(false, "acme",
                    "select count(*) from documents where tenant_id = 'acme' and id = any(?::uuid[])", (Object) acked.toArray(String[]::new)));
            assertEquals(0, MoveDatabases.count(false, "acme",
                    "select count(*) from documents where tenant_id = 'acme' and title = 'tampered'"), "the source was never touched");
        } finally {
            TamperingHook.ARMED.set(null);
        }
    }

    @Test
    void refusesWhatItCannotDo() {
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("database", "move-d"))
                .post("/admin/v1/tenants/nobody-here/placement").then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("database", "nowhere"))
                .post("/admin/v1/tenants/acme/placement").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("nowhere"));
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("database", "shared"))
                .post("/admin/v1/tenants/acme/placement").then().statusCode(409).contentType("application/problem+json");
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON)
                .body(Map.of("database", "move-d", "search", "elsewhere"))
                .post("/admin/v1/tenants/acme/placement").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", Persona.ALICE.bearer()).contentType(ContentType.JSON).body(Map.of("database", "move-d"))
                .post("/admin/v1/tenants/acme/placement").then().statusCode(403);
    }

    private static String seededProject() {
        String project = Workspace.createProject(Persona.ALICE);
        Database.asTenant("acme", "insert into documents (tenant_id, id, project_id, title, body) select 'acme', gen_random_uuid(), '"
                + project + "', 'seed ' || g, repeat('x', 200) from generate_series(1, " + SEEDED + ") g");
        return project;
    }

    private static String startMove(String tenant, String database) {
        return given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("database", database))
                .post("/admin/v1/tenants/" + tenant + "/placement").then().statusCode(202).extract().path("id");
    }

    private static Map<String, Object> awaitMove(String job, String state) {
        Map<String, Object>[] last = new Map[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = given().header("Authorization", Persona.ROOT.bearer()).get("/admin/v1/tenants/acme/placement/moves/" + job)
                    .then().statusCode(200).extract().jsonPath().getMap("$");
            return "succeeded".equals(last[0].get("state")) || "failed".equals(last[0].get("state"));
        });
        assertEquals(state, last[0].get("state"), String.valueOf(last[0]));
        return last[0];
    }

    /** Creates documents one after another until stopped; what was acknowledged (201), refused (503) or else. */
    private static final class Writer implements AutoCloseable {

        final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger refused = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Writer(Persona who, String project) {
            thread = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    Response response = given().header("Authorization", who.bearer()).contentType(ContentType.JSON)
                            .body(Map.of("title", "w-" + n++, "body", "written during a move"))
                            .post("/api/v1/projects/" + project + "/documents");
                    if (response.statusCode() == 201) {
                        acknowledged.add(response.path("id"));
                    } else if (response.statusCode() == 503 && response.header("Retry-After") != null) {
                        refused.incrementAndGet();
                    } else {
                        errors.add(response.statusCode() + " " + response.asString());
                    }
                }
            }, "writer-" + who.name());
            thread.start();
        }

        void awaitAcknowledged(int count) {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= count || !errors.isEmpty());
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
