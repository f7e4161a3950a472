package dev.enclave.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.events.DomainEvent;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;

/**
 * Issue 17, L7: a tenant deleting many projects must not refresh the shared index once per project (every refresh
 * makes new segments for every tenant on it), and a deleted project's documents indexed moments before must still
 * be tombstoned. Counted on the real node: the index's own refresh statistics.
 */
@QuarkusTest
class ProjectDeleteRefreshTest {

    private static final int PROJECTS = 30;
    private static final TenantId ACME = new TenantId(Persona.ACME);

    @Inject
    SearchFixtures fixtures;

    @Inject
    SearchIndexer indexer;

    @Inject
    TenantSearch search;

    @Inject
    ObjectMapper json;

    @Test
    void deletingManyProjectsRefreshesTheIndexAFewTimesNotOncePerProject() {
        String word = SearchFixtures.word();
        List<UUID> projects = new ArrayList<>();
        for (int i = 0; i < PROJECTS; i++) {
            UUID project = UUID.randomUUID();
            projects.add(project);
            apply(documentCreated(project, word + " doc" + i)); // no test refresh: the first delete must find them anyway
        }
        long before = refreshes();
        projects.forEach(project -> apply(projectDeleted(project)));
        long during = refreshes() - before;

        fixtures.refresh();
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(200).body("total", equalTo(0));
        // Before the fix: one forced refresh per project (30). Now: one forced, plus the periodic ones (1 s) meanwhile.
        assertThat("refreshes of the index while " + PROJECTS + " projects were deleted", during, lessThanOrEqualTo(PROJECTS / 3L));
    }

    @Test
    void aDocumentWrittenJustAfterAForcedRefreshIsStillTombstoned() {
        String word = SearchFixtures.word();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        apply(documentCreated(first, word + " first"));
        apply(projectDeleted(first)); // forces the one refresh of this gap
        apply(documentCreated(second, word + " second")); // written after it began, not yet searchable
        apply(projectDeleted(second)); // must wait (budget or periodic refresh), not miss the document

        fixtures.refresh();
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(200).body("total", equalTo(0));
    }

    private void apply(String value) {
        fixtures.scope().runAs(ACME, () -> indexer.apply(DomainEvent.parse(json, value)));
    }

    /** The index's refresh count (forced and periodic), through the tenant's alias. */
    private long refreshes() {
        String alias = fixtures.scope().runAs(ACME, () -> search.alias());
        return fixtures.client().send("GET", "/" + alias + "/_stats/refresh", Map.of(), null)
                .path("_all").path("primaries").path("refresh").path("total").asLong();
    }

    private String documentCreated(UUID project, String title) {
        UUID id = UUID.randomUUID();
        String now = OffsetDateTime.now().toString();
        return fixtures.value("DocumentCreated", "document", id, 1, Map.of("id", id.toString(), "projectId", project.toString(),
                "title", title, "body", "", "tags", List.of(), "status", "draft", "version", 1, "sizeBytes", 10,
                "createdAt", now, "updatedAt", now));
    }

    private String projectDeleted(UUID project) {
        return fixtures.value("ProjectDeleted", "project", project, 1, Map.of("id", project.toString()));
    }
}
