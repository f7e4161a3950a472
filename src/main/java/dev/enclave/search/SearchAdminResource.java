package dev.enclave.search;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.audit.AuditLog;
import dev.enclave.platform.Roles;

/**
 * Platform operators roll the shared index out with a new mapping. Every call is audited as a cross-tenant action.
 * One tenant's rebuild and placement have paths of their own ({@link TenantReindexResource},
 * {@link TenantSearchPlacementResource}), so that the control plane's resource at /admin/v1/tenants does not shadow
 * them (JAX-RS picks the class with the longest literal path first and does not look further).
 */
@Path("/admin/v1/search/rollout")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class SearchAdminResource {

    static final String REASON = "platform-operator";

    private final SearchRebuild rebuild;
    private final AuditLog audit;

    SearchAdminResource(SearchRebuild rebuild, AuditLog audit) {
        this.rebuild = rebuild;
        this.audit = audit;
    }

    @POST
    @Operation(summary = "Build a new shared index generation with the current mapping, swap the alias, drop the old")
    public SearchRebuild.RolloutReport rollout() {
        return audit.operatorAction("search/shared", "rollout", null, REASON, rebuild::rollout);
    }
}
