package dev.enclave.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.testing.Persona;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 17, M1: in the shared index, nothing a tenant receives from search depends on other tenants' documents.
 * With BM25's shard-wide statistics this test fails: the other tenant's writes change the first tenant's scores,
 * and so its cursors and, for close scores, its order.
 */
@QuarkusTest
class TenantLocalScoringTest {

    @Inject
    SearchFixtures fixtures;

    @Inject
    TenantDirectory directory;

    @Test
    void anotherTenantsDocumentsLeaveATenantsAnswersByteIdentical() {
        assertThat("both tenants share the index", placements(), equalTo(List.of("shared", "shared")));
        String word = SearchFixtures.word();
        String other = SearchFixtures.word();
        UUID project = SearchFixtures.project(Persona.ALICE);
        fixtures.indexed(Persona.ALICE, project, word + " report", word + " and " + other + " appear here, and " + word + " again", List.of());
        fixtures.indexed(Persona.ALICE, project, "Notes on " + other, "a longer body that mentions " + word
                + " once among a good many other words of ordinary text", List.of("notes"));
        fixtures.indexed(Persona.ALICE, project, other + " summary", "short " + other, List.of());
        Map<String, String> query = Map.of("q", word + " | " + other, "limit", "2");

        String firstPage = answer(query);
        String cursor = SearchFixtures.search(Persona.ALICE, query).extract().path("nextCursor");
        assertThat("the first page has a cursor", cursor, notNullValue());
        String secondPage = answer(Map.of("q", word + " | " + other, "limit", "2", "cursor", cursor));

        UUID theirs = SearchFixtures.project(Persona.BOB);
        for (int i = 0; i < 12; i++) {
            fixtures.indexed(Persona.BOB, theirs, word + " " + i, word + " " + word + (i % 3 == 0 ? " " + other : ""), List.of());
        }
        fixtures.refresh();

        assertThat(answer(query), equalTo(firstPage));
        assertThat(answer(Map.of("q", word + " | " + other, "limit", "2", "cursor", cursor)), equalTo(secondPage));
    }

    @Test
    void theSharedIndexScoresWithTheDocumentsOwnStatisticsOnly() {
        SearchIndexes indexes = fixtures.indexes();
        String index = indexes.current(indexes.sharedAlias()).orElseThrow();
        assertThat(indexes.scoresTenantLocally(index), is(true));
    }

    private static String answer(Map<String, String> query) {
        return SearchFixtures.search(Persona.ALICE, query).statusCode(200).extract().asString();
    }

    private List<String> placements() {
        return List.of(directory.find(new TenantId("acme")).orElseThrow().searchPlacement(),
                directory.find(new TenantId("globex")).orElseThrow().searchPlacement());
    }
}
