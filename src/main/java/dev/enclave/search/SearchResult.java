package dev.enclave.search;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of search hits: total matches, the hits best first, and where to continue. */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image (nested records too)
public record SearchResult(long total, List<Hit> items, String nextCursor) {

    /**
     * Highlights are HTML-escaped fragments of the caller's own text with {@code <em>} around matches. No score:
     * the order is the ranking, and a number invites comparisons across queries that mean nothing.
     */
    public record Hit(UUID id, UUID projectId, String title, List<String> tags, String status,
            Map<String, List<String>> highlights) {
    }
}
