package dev.enclave.placement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.enclave.tenancy.RlsStartupGuard;
import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;

/**
 * acme in a dedicated database on the second server (:5433), globex in the shared one: each tenant's reads and writes
 * land in its own database (checked with SQL on both, outside the service), the other tenant's ids are still 404,
 * RLS is forced there as here, and acme's events are relayed from its outbox there and applied by the consumers into
 * its tables there.
 */
@QuarkusTest
@TestProfile(DedicatedPlacementProfile.class)
class DedicatedPlacementTest {

    @BeforeEach
    void placeAcme() {
        DedicatedDatabases.placeAcme();
    }

    @Test
    void eachTenantsRowsAreInItsOwnDatabase() {
        String acmeProject = Workspace.createProject(Persona.ALICE);
        String globexProject = Workspace.createProject(Persona.BOB);
        String acmeDocument = Workspace.documentId(Persona.ALICE, acmeProject, "in d1", "dedicated");

        assertEquals(1, DedicatedDatabases.count("d1", "acme", "select count(*) from projects where id = ?::uuid", acmeProject));
        assertEquals(1, DedicatedDatabases.count("d1", "acme", "select count(*) from documents where id = ?::uuid", acmeDocument));
        assertEquals(0, DedicatedDatabases.count(null, "acme", "select count(*) from projects where tenant_id = 'acme'"),
                "nothing of acme's is written to the shared database");
        assertEquals(0, DedicatedDatabases.count(null, "acme", "select count(*) from members where tenant_id = 'acme'"));
        assertEquals(1, DedicatedDatabases.count(null, "globex", "select count(*) from projects where id = ?::uuid", globexProject));
        assertEquals(0, DedicatedDatabases.count("d1", "globex", "select count(*) from projects where tenant_id = 'globex'"),
                "nothing of globex's is in acme's database");

        // reads come from there too: alice sees her project, and the other tenant's ids are 404 both ways
        given().header("Authorization", Persona.ALICE.bearer()).get("/api/v1/projects/" + acmeProject).then().statusCode(200);
        given().header("Authorization", Persona.BOB.bearer()).get("/api/v1/projects/" + acmeProject).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", Persona.ALICE.bearer()).get("/api/v1/projects/" + globexProject).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", Persona.BOB.bearer()).get("/api/v1/documents/" + acmeDocument).then().statusCode(404);
        given().header("Authorization", Persona.ALICE.bearer()).get("/api/v1/members").then().statusCode(200)
                .body("items.email", org.hamcrest.Matchers.hasItems("alice@acme.test", "carol@acme.test"))
                .body("items.email", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("bob@globex.test")));
    }

    @Test
    void rlsIsForcedInTheDedicatedDatabase() throws Exception {
        try (Connection app = DedicatedDatabases.asApp("d1")) {
            assertTrue(RlsStartupGuard.verify(app) >= 12, "the guard passes there, for every tenant table");
            Workspace.createProject(Persona.ALICE);
            try (Statement query = app.createStatement(); ResultSet rows = query.executeQuery("select count(*) from projects")) {
                rows.next();
                assertEquals(0, rows.getLong(1), "the application role without a tenant sees no row");
            }
            try (Statement as = app.createStatement()) {
                as.execute("select set_config('app.tenant_id', 'globex', false)");
                try (ResultSet rows = as.executeQuery("select count(*) from projects where tenant_id = 'acme'")) {
                    rows.next();
                    assertEquals(0, rows.getLong(1), "as another tenant, none of acme's");
                }
            }
        }
    }

    @Test
    void eventsOfTheDedicatedTenantAreRelayedAndConsumedThere() {
        String project = Workspace.createProject(Persona.ALICE);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Workspace.activity(Persona.ALICE)
                .stream().anyMatch(entry -> project.equals(String.valueOf(entry.get("aggregateId")))));
        EventPipeline.awaitSettled(Persona.ACME);

        assertEquals(0, DedicatedDatabases.count("d1", "acme",
                "select count(*) from outbox_events where aggregate_id = ?::uuid and published_at is null", project));
        long event = DedicatedDatabases.count("d1", "acme", "select count(*) from outbox_events where aggregate_id = ?::uuid", project);
        assertTrue(event >= 1, "the event was recorded in acme's database");
        assertEquals(event, DedicatedDatabases.count("d1", "acme", """
                select count(*) from processed_events p join outbox_events o on o.id = p.event_id
                 where o.aggregate_id = ?::uuid and p.consumer = 'activity-feed'""", project), "applied once by the activity feed");
        assertTrue(DedicatedDatabases.count("d1", "acme", "select count(*) from activity_entries where aggregate_id = ?::uuid", project) >= 1);
        assertTrue(DedicatedDatabases.count("d1", "acme", "select coalesce(sum(projects), 0) from usage_counters") >= 1,
                "the usage meter counted it there");
        assertEquals(0, DedicatedDatabases.count(null, "acme", "select count(*) from outbox_events where tenant_id = 'acme'"));
        assertEquals(0, DedicatedDatabases.count(null, "acme", "select count(*) from processed_events where tenant_id = 'acme'"));
        assertEquals(0, DedicatedDatabases.count(null, "acme", "select count(*) from activity_entries where tenant_id = 'acme'"));
        UUID.fromString(project);
    }
}
