package dev.enclave.activity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Cursor;
import dev.enclave.platform.PageLimit;
import dev.enclave.platform.PageResponse;

@Path("/api/v1/activity")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

    private final ActivityFeed feed;

    ActivityResource(ActivityFeed feed) {
        this.feed = feed;
    }

    @GET
    @Operation(summary = "The tenant's recent changes (members, projects, documents), newest first; follows the "
            + "database within the event pipeline's lag")
    public PageResponse<ActivityResponse> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return feed.page(cursor == null ? null : Cursor.decode(cursor), PageLimit.parse(limit));
    }
}
