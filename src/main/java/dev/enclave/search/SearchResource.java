package dev.enclave.search;

import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Ids;
import dev.enclave.platform.PageLimit;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.stats.TenantStats;

/** Full-text search over the caller's tenant's documents. */
@Path("/api/v1/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    /** Same shape as a document tag (document.DocumentRequests.TAG). */
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{0,49}");

    private final TenantSearch search;
    private final TenantStats stats;

    SearchResource(TenantSearch search, TenantStats stats) {
        this.search = search;
        this.stats = stats;
    }

    @GET
    @Operation(summary = "Search documents: words, \"phrases\", -exclusions, a|b, prefix*; in title, tags and body. "
            + "Filters: projectId, tag. Hits best first with highlights; 503 while search is unavailable")
    public SearchResult search(@QueryParam("q") String q, @QueryParam("projectId") String projectId,
            @QueryParam("tag") String tag, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "tag must be 1-50 letters, digits, '_', '.' or '-'");
        }
        stats.searchQuery(); // counted when asked, answered or not: a 503 while search is down is still a query
        return search.search(new SearchQuery(q, projectId == null ? null : Ids.parse(projectId), tag,
                PageLimit.parse(limit), cursor == null ? null : SearchCursor.decode(cursor)));
    }
}
