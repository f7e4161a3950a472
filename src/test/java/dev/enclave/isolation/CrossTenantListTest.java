package dev.enclave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.testing.Endpoint.Target;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;

/**
 * Lists, filters, cursors and settings: whatever a tenant persona reads holds its own tenant's rows and never the
 * other's, and a cursor taken from the other tenant's list selects nothing of theirs.
 */
@QuarkusTest
class CrossTenantListTest {

    private static final Logger LOG = Logger.getLogger(CrossTenantListTest.class);
    private static final AtomicInteger CASES = new AtomicInteger();
    /** Per tenant: the target, plus a second project and a second ("shared"-tagged, published) document. */
    private static final Map<String, Tenant> TENANTS = new HashMap<>();

    record Tenant(Target target, UUID secondProject, UUID sharedDocument, String settingsName) {
    }

    private static synchronized Tenant tenant(String id) {
        return TENANTS.computeIfAbsent(id, t -> {
            Persona owner = Fixtures.ownerOf(t);
            Target target = Fixtures.target(t);
            UUID second = Fixtures.createProject(owner, "second-" + Fixtures.suffix(), "Second");
            UUID shared = Fixtures.createDocument(owner, target.project(),
                    "{\"title\":\"Shared\",\"tags\":[\"shared\"],\"status\":\"published\"}");
            String name = t + " settings " + Fixtures.suffix();
            Fixtures.as(owner).contentType("application/json")
                    .body(Fixtures.settingsBody().replaceFirst("Settings [0-9a-f]+", name))
                    .put("/api/v1/settings").then().statusCode(200);
            return new Tenant(target, second, shared, name);
        });
    }

    @AfterAll
    static void report() {
        LOG.infof("isolation cases (endpoint x method x persona) in CrossTenantListTest: %d", CASES.get());
    }

    @ParameterizedTest
    @EnumSource(value = Persona.class, names = { "ALICE", "CAROL", "BOB", "DAVE" })
    void memberListHoldsOnlyTheCallersTenant(Persona persona) {
        CASES.incrementAndGet();
        Tenant own = tenant(persona.tenant);
        Tenant other = tenant(Fixtures.otherTenant(persona.tenant));
        List<String> ids = Fixtures.ids(persona, "/api/v1/members");
        assertTrue(ids.contains(own.target().member().toString()));
        assertTrue(ids.contains(persona.subject), "the seeded members of the tenant are listed");
        assertFalse(ids.contains(other.target().member().toString()));
        for (Persona p : Persona.values()) {
            if (p.tenant != null && !p.tenant.equals(persona.tenant)) {
                assertFalse(ids.contains(p.subject), () -> p + " is another tenant's member");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Persona.class, names = { "ALICE", "CAROL", "BOB", "DAVE" })
    void projectListHoldsOnlyTheCallersTenant(Persona persona) {
        CASES.incrementAndGet();
        Tenant own = tenant(persona.tenant);
        Tenant other = tenant(Fixtures.otherTenant(persona.tenant));
        List<String> ids = Fixtures.ids(persona, "/api/v1/projects");
        assertTrue(ids.containsAll(List.of(own.target().project().toString(), own.secondProject().toString())));
        assertFalse(ids.contains(other.target().project().toString()));
        assertFalse(ids.contains(other.secondProject().toString()));
    }

    @ParameterizedTest
    @EnumSource(value = Persona.class, names = { "ALICE", "CAROL", "BOB", "DAVE" })
    void documentFiltersSelectOnlyTheCallersTenant(Persona persona) {
        CASES.incrementAndGet();
        Tenant own = tenant(persona.tenant);
        tenant(Fixtures.otherTenant(persona.tenant)); // the other tenant has the same tag and status
        String documents = "/api/v1/projects/" + own.target().project() + "/documents";
        assertEquals(List.of(own.sharedDocument().toString()),
                Fixtures.as(persona).queryParam("tag", "shared").queryParam("status", "published").get(documents)
                        .then().statusCode(200).extract().path("items.id"));
        assertEquals(List.of(own.target().document().toString()),
                Fixtures.as(persona).queryParam("tag", "target").get(documents).then().statusCode(200).extract().path("items.id"));
        assertEquals(List.of(own.target().document().toString(), own.sharedDocument().toString()),
                Fixtures.ids(persona, documents));
    }

    @ParameterizedTest
    @EnumSource(value = Persona.class, names = { "ALICE", "CAROL", "BOB", "DAVE" })
    void settingsAreTheCallersTenants(Persona persona) {
        CASES.incrementAndGet();
        Tenant own = tenant(persona.tenant);
        Tenant other = tenant(Fixtures.otherTenant(persona.tenant));
        Response settings = Fixtures.as(persona).get("/api/v1/settings");
        assertEquals(200, settings.statusCode());
        assertEquals(own.settingsName(), settings.path("displayName"));
        assertFalse(settings.asString().contains(other.settingsName()));
    }

    /** Cursors carry no tenant: the other tenant's cursor only says "after this point" in the caller's own list. */
    @ParameterizedTest
    @EnumSource(value = Persona.class, names = { "ALICE", "CAROL", "BOB", "DAVE" })
    void anotherTenantsCursorSelectsNothingOfTheirs(Persona persona) {
        Tenant own = tenant(persona.tenant);
        String otherTenant = Fixtures.otherTenant(persona.tenant);
        Tenant other = tenant(otherTenant);
        Persona otherOwner = Fixtures.ownerOf(otherTenant);
        String otherDocuments = "/api/v1/projects/" + other.target().project() + "/documents";
        String ownDocuments = "/api/v1/projects/" + own.target().project() + "/documents";

        Map<String, String> lists = Map.of("/api/v1/members", "/api/v1/members", "/api/v1/projects", "/api/v1/projects",
                otherDocuments, ownDocuments);
        for (var list : lists.entrySet()) {
            CASES.incrementAndGet();
            String cursor = Fixtures.as(otherOwner).queryParam("limit", 1).get(list.getKey())
                    .then().statusCode(200).extract().path("nextCursor");
            assertNotNull(cursor, () -> list.getKey() + " has a second page");
            List<String> otherIds = Fixtures.ids(otherOwner, list.getKey());
            List<String> seen = new ArrayList<>(Fixtures.as(persona).queryParam("cursor", cursor).queryParam("limit", 200)
                    .get(list.getValue()).then().statusCode(200).extract().path("items.id"));
            seen.retainAll(otherIds);
            assertEquals(List.of(), seen, () -> "the other tenant's cursor selected their rows at " + list.getValue());
        }
        // And the other tenant's project stays invisible with its own cursor.
        String cursor = Fixtures.as(otherOwner).queryParam("limit", 1).get(otherDocuments).then().extract().path("nextCursor");
        Fixtures.as(persona).queryParam("cursor", cursor).get(otherDocuments).then().statusCode(404);
    }
}
