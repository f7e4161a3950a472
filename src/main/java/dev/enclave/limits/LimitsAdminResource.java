package dev.enclave.limits;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Roles;

/**
 * Platform operators read and change a tenant's plan and limit overrides. A change applies on this instance at
 * once and on every other within {@code enclave.limits.refresh} (2 s); current usage is kept.
 * (A path of its own, so that a control-plane resource at /admin/v1/tenants does not shadow it.)
 */
@Path("/admin/v1/tenants/{id}/limits")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class LimitsAdminResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final LimitsAdminService service;

    LimitsAdminResource(LimitsAdminService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "A tenant's plan, overrides and effective limits")
    public TenantLimitsResponse get(@PathParam("id") String id) {
        return service.get(id);
    }

    @PATCH
    @Consumes({ MediaType.APPLICATION_JSON, MERGE_PATCH })
    @Operation(summary = "Change a tenant's plan or limit overrides (JSON merge patch: null restores the plan's default)")
    public TenantLimitsResponse patch(@PathParam("id") String id, ObjectNode body) {
        return service.patch(id, body);
    }
}
