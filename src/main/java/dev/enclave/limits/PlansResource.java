package dev.enclave.limits;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Roles;

/** The plan catalogue, for platform operators. */
@Path("/admin/v1/plans")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class PlansResource {

    private final LimitsAdminService service;

    PlansResource(LimitsAdminService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "The plans and their default limits")
    public List<PlanResponse> plans() {
        return service.plans();
    }
}
