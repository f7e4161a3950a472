package dev.enclave.stats;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.Roles;
import dev.enclave.tenancy.TenantId;

/**
 * Platform operators read one tenant's statistics on this instance. A tenant this instance does not track (not
 * among the busiest, unknown, or a malformed id) is 404 with one body for all three, like the other admin reads.
 * (A path of its own, so that a control-plane resource at /admin/v1/tenants does not shadow it.)
 */
@Path("/admin/v1/tenants/{id}/stats")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class TenantStatsAdminResource {

    private final TenantStats stats;

    TenantStatsAdminResource(TenantStats stats) {
        this.stats = stats;
    }

    @GET
    @Operation(summary = "A tenant's statistics on this instance; 404 unless it is among the busiest tracked here")
    public TenantStatsResponse get(@PathParam("id") String id) {
        return TenantId.parse(id).flatMap(stats::of).map(TenantStatsResponse::of)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                        "no statistics for this tenant on this instance: it is not among the busiest tracked here"));
    }
}
