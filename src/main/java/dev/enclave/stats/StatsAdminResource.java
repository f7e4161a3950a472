package dev.enclave.stats;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.Roles;

/**
 * Platform operators list the busiest tenants on this instance by one measure (like Citus' citus_stat_tenants).
 * Reads only, like the other admin reads not audited. Statistics are per instance: behind a load balancer each
 * instance answers for the traffic it saw.
 */
@Path("/admin/v1/stats/tenants")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class StatsAdminResource {

    static final int DEFAULT_LIMIT = 20;

    private final TenantStats stats;
    private final StatsConfig config;

    StatsAdminResource(TenantStats stats, StatsConfig config) {
        this.stats = stats;
        this.config = config;
    }

    @GET
    @Operation(summary = "The busiest tenants on this instance by a measure (default requests), highest first")
    public TopTenantsResponse top(@QueryParam("by") String by, @QueryParam("limit") String limit) {
        Measure measure = by == null || by.isBlank() ? Measure.REQUESTS : Measure.parse(by.trim())
                .orElseThrow(() -> new ProblemException(ProblemType.MALFORMED_REQUEST,
                        "by must be one of " + Measure.names()));
        int size = limit(limit);
        var items = stats.top(measure, size).stream().map(TenantStatsResponse::of).toList();
        return new TopTenantsResponse(measure.wireName(), config.halfLife().toSeconds(), stats.tracked(),
                items);
    }

    /** 1 to the number of tenants tracked at most; default 20 (or fewer when fewer are tracked at most). */
    private int limit(String raw) {
        int max = config.topTenants();
        if (raw == null || raw.isBlank()) {
            return Math.min(DEFAULT_LIMIT, max);
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw new ProblemException(ProblemType.MALFORMED_REQUEST, "limit must be a whole number from 1 to " + max);
    }
}
