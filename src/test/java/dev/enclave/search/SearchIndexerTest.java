package dev.enclave.search;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.MalformedEventException;
import dev.enclave.search.SearchIndexer.Outcome;
import dev.enclave.tenancy.NoTenantException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;

/** The indexer against the real search node: versions decide, deletes remove, tenants never collide. */
@QuarkusTest
class SearchIndexerTest {

    @Inject
    SearchFixtures fixtures;

    @Inject
    SearchIndexer indexer;

    @Test
    void outOfOrderEventsKeepTheNewestVersion() {
        String word = SearchFixtures.word();
        JsonPath v0 = SearchFixtures.document(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word + " first", "", List.of());
        JsonPath v1 = SearchFixtures.patch(Persona.ALICE, v0, Map.of("title", word + " second"));
        JsonPath v2 = SearchFixtures.patch(Persona.ALICE, v1, Map.of("title", word + " third"));

        assertEquals(Outcome.INDEXED, fixtures.apply(Persona.ALICE, fixtures.documentEvent("DocumentUpdated", v2, v2.getLong("version"))));
        assertEquals(Outcome.ALREADY_NEWER, fixtures.apply(Persona.ALICE, fixtures.documentEvent("DocumentUpdated", v1, v1.getLong("version"))));
        assertEquals(Outcome.ALREADY_NEWER, fixtures.apply(Persona.ALICE, fixtures.documentEvent("DocumentCreated", v0, v0.getLong("version"))));

        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(200)
                .body("total", equalTo(1)).body("items[0].title", equalTo(word + " third"));
    }

    @Test
    void aRepeatedEventIsANoOp() {
        String word = SearchFixtures.word();
        JsonPath doc = SearchFixtures.document(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word, "", List.of());
        String event = fixtures.documentEvent("DocumentCreated", doc, doc.getLong("version"));
        assertEquals(Outcome.INDEXED, fixtures.apply(Persona.ALICE, event));
        assertEquals(Outcome.ALREADY_NEWER, fixtures.apply(Persona.ALICE, event));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(1));
    }

    @Test
    void deletedDocumentsVanishAndALateUpdateDoesNotBringThemBack() {
        String word = SearchFixtures.word();
        JsonPath doc = fixtures.indexed(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word + " doomed", "secret body", List.of());
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(1));

        long deleteVersion = doc.getLong("version") + 1;
        assertEquals(Outcome.INDEXED, fixtures.apply(Persona.ALICE, fixtures.documentEvent("DocumentDeleted", doc, deleteVersion)));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(0));
        SearchFixtures.search(Persona.ALICE, Map.of("projectId", doc.getString("projectId"))).body("total", equalTo(0));

        // The last update, delivered late: refused by the tombstone's version.
        assertEquals(Outcome.ALREADY_NEWER, fixtures.apply(Persona.ALICE, fixtures.documentEvent("DocumentUpdated", doc, doc.getLong("version"))));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(0));

        // The tombstone keeps ids and version only: the deleted text is gone from the index.
        JsonNode stored = fixtures.client().send("GET", "/" + fixtures.indexes().sharedAlias() + "/_doc/acme:" + doc.getString("id"),
                Map.of("routing", Persona.ACME), null);
        assertEquals(deleteVersion, stored.path("_version").asLong());
        assertTrue(stored.path("_source").path("deleted").asBoolean());
        assertFalse(stored.path("_source").has("title"));
        assertFalse(stored.path("_source").has("body"));
    }

    @Test
    void aDeletedProjectTakesItsDocumentsAlong() {
        String word = SearchFixtures.word();
        UUID project = SearchFixtures.project(Persona.ALICE);
        fixtures.indexed(Persona.ALICE, project, word + " one", "", List.of());
        fixtures.indexed(Persona.ALICE, project, word + " two", "", List.of());
        fixtures.indexed(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word + " elsewhere", "", List.of());

        fixtures.apply(Persona.ALICE, fixtures.value("ProjectDeleted", "project", project, 1, Map.of("id", project.toString())));
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(1)).body("items[0].title", equalTo(word + " elsewhere"));
    }

    @Test
    void theSameDocumentIdInAnotherTenantIsAnotherDocument() {
        String word = SearchFixtures.word();
        JsonPath doc = fixtures.indexed(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word + " acme original", "", List.of());
        // A forged event names acme's document id under globex, with a much higher version.
        String forged = fixtures.documentEvent("DocumentUpdated", doc, 99).replace(word + " acme original", word + " overwritten");
        assertEquals(Outcome.INDEXED, fixtures.apply(Persona.BOB, forged));

        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(1))
                .body("items[0].title", equalTo(word + " acme original"));
        SearchFixtures.search(Persona.BOB, Map.of("q", word)).body("total", equalTo(1))
                .body("items[0].title", equalTo(word + " overwritten"));
    }

    @Test
    void eventsSearchDoesNotUseAreIgnoredAndBrokenOnesRefused() {
        UUID member = UUID.randomUUID();
        assertEquals(Outcome.IGNORED, fixtures.apply(Persona.ALICE,
                fixtures.value("MemberCreated", "member", member, 0, Map.of("id", member.toString(), "email", "x@acme.test"))));
        assertThrows(MalformedEventException.class, () -> fixtures.apply(Persona.ALICE, "{not json"));
        assertThrows(MalformedEventException.class, () -> fixtures.apply(Persona.ALICE,
                fixtures.value("DocumentCreated", "document", member, 0, Map.of("id", member.toString()))));
    }

    @Test
    void theIndexerRefusesToRunWithoutATenant() {
        UUID id = UUID.randomUUID();
        DomainEvent event = DomainEvent.parse(new com.fasterxml.jackson.databind.ObjectMapper(),
                fixtures.value("DocumentDeleted", "document", id, 1, Map.of("id", id.toString(), "projectId", id.toString())));
        // Outside TenantScope there is no tenant: the write is refused before anything reaches the node.
        var requestContext = io.quarkus.arc.Arc.container().requestContext();
        boolean wasActive = requestContext.isActive();
        if (!wasActive) {
            requestContext.activate();
        }
        try {
            assertThrows(NoTenantException.class, () -> indexer.apply(event));
        } finally {
            if (!wasActive) {
                requestContext.terminate();
            }
        }
    }
}
