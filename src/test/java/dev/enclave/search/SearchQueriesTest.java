package dev.enclave.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.platform.ProblemException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;

/** The shape of every search body, without a node: the tenant filter is always there and user text is only data. */
class SearchQueriesTest {

    static final TenantId GLOBEX = new TenantId(Persona.GLOBEX);

    @Test
    void everyQueryIsFilteredToTheTenantAndLiveDocuments() {
        for (String text : new String[] {null, "plan", "tenant_id:acme", "{\"match_all\":{}}"}) {
            ObjectNode body = SearchQueries.search(GLOBEX, new SearchQuery(text, null, null, 10, null), SearchQueries.text(text, 200));
            JsonNode filter = body.path("query").path("bool").path("filter");
            assertEquals(Persona.GLOBEX, filter.path(0).path("term").path("tenant_id").asText());
            assertEquals(false, filter.path(1).path("term").path("deleted").asBoolean(true));
            assertEquals(List.of("bool"), fieldNames(body.path("query")), "one bool at the root: the tenant filter is never nested under user text");
            assertTrue(List.of("filter", "must").containsAll(fieldNames(body.path("query").path("bool"))), "no should/must_not that could widen it");
        }
    }

    @Test
    void userTextOnlyReachesSimpleQueryStringOnAllowedFields() {
        String hostile = "tenant_id:acme {\"script\":{\"source\":\"1\"}} _all *";
        ObjectNode body = SearchQueries.search(GLOBEX, new SearchQuery(hostile, null, null, 10, null), SearchQueries.text(hostile, 200));
        JsonNode sqs = body.path("query").path("bool").path("must").path(0).path("simple_query_string");
        assertEquals(hostile.substring(0, hostile.length() - 2), sqs.path("query").asText(), "a bare * is no prefix of anything");
        assertEquals(List.of("title^3", "tags.text^2", "body"), toList(sqs.path("fields")));
        assertTrue(sqs.path("lenient").asBoolean());
        assertTrue(!sqs.path("flags").asText().contains("FUZZY") && !sqs.path("flags").asText().contains("SLOP"));
        // The text appears nowhere else in the body.
        assertEquals(1, occurrences(body.toString(), "tenant_id:acme"));
    }

    /**
     * A prefix expands to every indexed term it starts, across all tenants' terms in the shared index: short ones
     * ("a*", "*") cost the node far more than any answer is worth, so they are searched as plain words, and only the
     * first few prefixes of a query stay prefixes.
     */
    @Test
    void prefixesAreBounded() {
        assertEquals("a bo kafka* consum* partition* replica", SearchQueries.text("a* bo** kafka* consum* partition* replica*", 200));
        assertEquals("plan", SearchQueries.text("* plan *", 200));
        assertEquals(null, SearchQueries.text("* **", 200));
        assertEquals("\"exact phrase\" roadm*", SearchQueries.text("\"exact phrase\" roadm*", 200));
    }

    @Test
    void filtersAreTermsWeBuild() {
        UUID project = UUID.randomUUID();
        ObjectNode body = SearchQueries.search(GLOBEX, new SearchQuery(null, project, "red", 5, new SearchCursor(1.5, project)), null);
        JsonNode filter = body.path("query").path("bool").path("filter");
        assertEquals(project.toString(), filter.path(2).path("term").path("project_id").asText());
        assertEquals("red", filter.path(3).path("term").path("tags").asText());
        assertEquals(6, body.path("size").asInt(), "one more than the page, to know whether there is a next page");
        assertEquals(1.5, body.path("search_after").path(0).asDouble());
        assertTrue(body.path("query").path("bool").path("must").isMissingNode(), "no text, no text query");
    }

    @Test
    void textIsCappedAndCleaned() {
        assertThrows(ProblemException.class, () -> SearchQueries.text("x".repeat(201), 200));
        assertEquals("a b", SearchQueries.text("a\u0000b", 200).replace("  ", " "));
        assertNull(SearchQueries.text(" \u200b\t ", 200));
        assertNull(SearchQueries.text(null, 200));
    }

    @Test
    void cursorsRoundTripAndRejectJunk() {
        SearchCursor cursor = new SearchCursor(2.25, UUID.randomUUID());
        assertEquals(cursor, SearchCursor.decode(cursor.encode()));
        for (String junk : new String[] {"", "x", "%%%", "TmFOfHg", "x".repeat(300)}) {
            assertThrows(ProblemException.class, () -> SearchCursor.decode(junk), junk);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> toList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static int occurrences(String haystack, String needle) {
        int count = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
