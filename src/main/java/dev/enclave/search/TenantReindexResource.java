package dev.enclave.search;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.audit.AuditLog;
import dev.enclave.platform.Roles;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;

/** Platform operators rebuild one tenant's search documents from the database; audited as a cross-tenant action. */
@Path("/admin/v1/tenants/{id}/reindex")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class TenantReindexResource {

    private final SearchRebuild rebuild;
    private final TenantDirectory directory;
    private final AuditLog audit;

    TenantReindexResource(SearchRebuild rebuild, TenantDirectory directory, AuditLog audit) {
        this.rebuild = rebuild;
        this.directory = directory;
        this.audit = audit;
    }

    @POST
    @Operation(summary = "Rebuild one tenant's search documents from the database")
    public SearchRebuild.TenantReport reindex(@PathParam("id") String id) {
        TenantId tenant = new TenantId(directory.named(id).id());
        return audit.operatorAction("search/" + tenant.value(), "reindex", tenant, SearchAdminResource.REASON,
                () -> rebuild.reindex(tenant));
    }
}
