package dev.enclave.tenancy;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.enclave.platform.Problem;
import dev.enclave.platform.ProblemType;

/** The tenancy core's refusals as problem+json; here rather than in platform, which must not know about tenants. */
public class TenancyProblems {

    /** Names the region that serves the tenant on a 421, for clients that route by it. */
    static final String REGION_HEADER = "Enclave-Region";

    @ServerExceptionMapper
    public Response noTenant(NoTenantException e) {
        return Problem.of(ProblemType.NO_TENANT, "the access token names no tenant").toResponse();
    }

    @ServerExceptionMapper
    public Response wrongRegion(WrongRegionException e) {
        return Response.fromResponse(Problem.of(ProblemType.WRONG_REGION,
                "this tenant is served in region " + e.region() + "; send the request to that region's endpoint").toResponse())
                .header(REGION_HEADER, e.region()).build();
    }
}
