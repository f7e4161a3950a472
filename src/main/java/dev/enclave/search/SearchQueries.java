package dev.enclave.search;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;

/**
 * Request bodies, built only from values we checked. User text reaches the node in exactly one place: the
 * {@code query} of a {@code simple_query_string} whose fields are fixed here, with {@code lenient} so odd input
 * is ignored rather than failing, and without the fuzzy/slop/near operators (expensive, and not needed). Field
 * names, JSON or script text in the user's input are just words to it. Every query is wrapped in a filter on the
 * tenant, which user text cannot remove: the text is a sibling {@code must}, not a parent.
 */
final class SearchQueries {

    /** The only fields user text is matched against. */
    static final List<String> TEXT_FIELDS = List.of("title^3", "tags.text^2", "body");
    static final String FLAGS = "AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE|WHITESPACE|ESCAPE";
    static final int BODY_FRAGMENT = 160;
    static final int MIN_PREFIX = 3;
    static final int MAX_PREFIXES = 3;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\p{Cf}\\p{Cs}]");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SearchQueries() {
    }

    /** Normalised user text: null for "no text"; control characters become spaces; too long is a 400. */
    static String text(String raw, int maxLength) {
        if (raw == null) {
            return null;
        }
        if (raw.length() > maxLength) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "q must be at most " + maxLength + " characters");
        }
        String text = boundPrefixes(CONTROL.matcher(raw).replaceAll(" ").strip());
        return text.isEmpty() ? null : text;
    }

    /**
     * A prefix ({@code word*}) expands to every term of the index it starts, all tenants' terms in the shared index:
     * a prefix shorter than {@link #MIN_PREFIX} letters is searched as a plain word, a bare {@code *} is dropped,
     * and only the first {@link #MAX_PREFIXES} prefixes stay prefixes.
     */
    static String boundPrefixes(String text) {
        StringBuilder bounded = new StringBuilder();
        int prefixes = 0;
        for (String word : text.split("\\s+")) {
            String kept = word;
            if (word.endsWith("*")) {
                String stem = word.replaceAll("\\*+$", "");
                boolean longEnough = stem.codePoints().filter(Character::isLetterOrDigit).count() >= MIN_PREFIX;
                kept = longEnough && prefixes < MAX_PREFIXES ? stem + "*" : stem;
                prefixes += kept.equals(stem) ? 0 : 1;
            }
            if (!kept.isEmpty()) {
                bounded.append(bounded.isEmpty() ? "" : " ").append(kept);
            }
        }
        return bounded.toString();
    }

    /** The filter every read, delete-by-query and count carries: this tenant's documents, nothing else. */
    static ObjectNode tenantFilter(TenantId tenant) {
        ObjectNode term = JSON.objectNode();
        term.putObject("term").put("tenant_id", tenant.value());
        return term;
    }

    static ObjectNode search(TenantId tenant, SearchQuery query, String text) {
        ObjectNode body = JSON.objectNode();
        body.put("size", query.limit() + 1);
        body.put("track_total_hits", true);
        body.putObject("_source").putArray("includes")
                .add("tenant_id").add("document_id").add("project_id").add("title").add("tags").add("status");

        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode filter = bool.putArray("filter");
        filter.add(tenantFilter(tenant));
        filter.add(term("deleted", false));
        if (query.projectId() != null) {
            filter.add(term("project_id", query.projectId().toString()));
        }
        if (query.tag() != null) {
            filter.add(term("tags", query.tag()));
        }
        if (text != null) {
            ObjectNode sqs = bool.putArray("must").addObject().putObject("simple_query_string");
            sqs.put("query", text);
            ArrayNode fields = sqs.putArray("fields");
            TEXT_FIELDS.forEach(fields::add);
            sqs.put("default_operator", "and");
            sqs.put("flags", FLAGS);
            sqs.put("lenient", true);
            sqs.put("analyze_wildcard", false);
            sqs.put("auto_generate_synonyms_phrase_query", false);

            ObjectNode highlight = body.putObject("highlight");
            highlight.put("encoder", "html");
            highlight.putArray("pre_tags").add("<em>");
            highlight.putArray("post_tags").add("</em>");
            highlight.put("require_field_match", true);
            ObjectNode fieldsNode = highlight.putObject("fields");
            fieldsNode.putObject("title").put("number_of_fragments", 0);
            fieldsNode.putObject("body").put("fragment_size", BODY_FRAGMENT).put("number_of_fragments", 3);
        }

        ArrayNode sort = body.putArray("sort");
        sort.addObject().put("_score", "desc");
        sort.addObject().put("document_id", "asc");
        if (query.after() != null) {
            body.putArray("search_after").add(query.after().score()).add(query.after().id().toString());
        }
        return body;
    }

    /** The tenant's documents (optionally only live ones, optionally only in one project, before a time). */
    static ObjectNode tenantDocuments(TenantId tenant, Boolean deleted, UUID projectId, Long indexedBefore) {
        ObjectNode body = JSON.objectNode();
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(tenantFilter(tenant));
        if (deleted != null) {
            filter.add(term("deleted", deleted));
        }
        if (projectId != null) {
            filter.add(term("project_id", projectId.toString()));
        }
        if (indexedBefore != null) {
            filter.addObject().putObject("range").putObject("indexed_at").put("lt", indexedBefore);
        }
        return body;
    }

    private static ObjectNode term(String field, Object value) {
        ObjectNode node = JSON.objectNode();
        ObjectNode term = node.putObject("term");
        if (value instanceof Boolean b) {
            term.put(field, b);
        } else {
            term.put(field, value.toString());
        }
        return node;
    }
}
