package dev.enclave.search;

import java.util.UUID;

/**
 * What a caller may ask of search: free text (searched only in the allowed fields, through a query type that
 * cannot name fields or carry DSL), optional project and tag filters, a page size and a position. No tenant:
 * the tenant is always the current unit of work's.
 */
public record SearchQuery(String text, UUID projectId, String tag, int limit, SearchCursor after) {
}
