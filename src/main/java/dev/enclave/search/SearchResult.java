package dev.enclave.search;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One page of search hits: total matches, the hits best first, and where to continue. */
public record SearchResult(long total, List<Hit> items, String nextCursor) {

    /** Highlights are HTML-escaped fragments of the caller's own text with {@code <em>} around matches. */
    public record Hit(UUID id, UUID projectId, String title, List<String> tags, String status, double score,
            Map<String, List<String>> highlights) {
    }
}
