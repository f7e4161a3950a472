package dev.enclave.offboarding;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Roles;

/**
 * Platform operators offboard a tenant (refused at once, data kept for the grace period, then purged) and cancel an
 * offboarding during its grace period. (A path of its own, so that /admin/v1/tenants does not shadow it.)
 */
@Path("/admin/v1/tenants/{id}/offboard")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OffboardResource {

    private final Offboarding offboarding;

    OffboardResource(Offboarding offboarding) {
        this.offboarding = offboarding;
    }

    @POST
    @Operation(summary = "Offboard a tenant: its API is refused, its data purged when the grace period ends")
    public OffboardingView offboard(@PathParam("id") String id, OffboardRequest request) {
        return offboarding.offboard(id, request);
    }

    @POST
    @Path("cancel")
    @Operation(summary = "Cancel an offboarding during its grace period: the tenant is active again")
    public OffboardingView cancel(@PathParam("id") String id, CancelRequest request) {
        return offboarding.cancel(id, request);
    }
}
