package dev.enclave.tenant.admin;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Actors;
import dev.enclave.platform.IdempotencyKeys;
import dev.enclave.platform.PageResponse;
import dev.enclave.platform.Roles;
import dev.enclave.tenant.admin.TenantRequests.ProvisionRequest;
import dev.enclave.tenant.admin.TenantRequests.SuspendRequest;
import dev.enclave.tenant.admin.TenantResponses.Provisioned;
import dev.enclave.tenant.admin.TenantResponses.TenantDetail;
import dev.enclave.tenant.admin.TenantResponses.TenantSummary;

/**
 * The control plane's tenants, for platform operators: provision, list, read, suspend, resume. Longer literal paths
 * under {@code /admin/v1/tenants/{id}/...} (limits, stats, exports...) are other features' resources.
 */
@Path("/admin/v1/tenants")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class TenantsAdminResource {

    private final TenantProvisioning provisioning;
    private final TenantCatalog catalog;
    private final TenantSuspensions suspensions;
    private final IdempotencyKeys idempotency;
    private final SecurityIdentity identity;

    TenantsAdminResource(TenantProvisioning provisioning, TenantCatalog catalog, TenantSuspensions suspensions,
            IdempotencyKeys idempotency, SecurityIdentity identity) {
        this.provisioning = provisioning;
        this.catalog = catalog;
        this.suspensions = suspensions;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Provision a tenant: registered as provisioning, made whole by a job, then active "
            + "(Idempotency-Key replays the first answer)")
    public Response provision(@HeaderParam(IdempotencyKeys.HEADER) String key, @NotNull @Valid ProvisionRequest request) {
        // Keys are the operator's own: one operator's key never replays another's answer.
        String scope = "POST /admin/v1/tenants " + Actors.subject(identity);
        return idempotency.answer(scope, key, request, () -> {
            Provisioned provisioned = provisioning.provision(request);
            return new IdempotencyKeys.Answer(201, URI.create("/admin/v1/tenants/" + provisioned.tenant().id()).toString(),
                    idempotency.body(provisioned));
        });
    }

    @GET
    @Operation(summary = "Tenants by id, a page at a time; filters: status, plan, region")
    public PageResponse<TenantSummary> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
            @QueryParam("status") String status, @QueryParam("plan") String plan, @QueryParam("region") String region) {
        return catalog.page(cursor, limit, status, plan, region);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A tenant: status, plan, region, placements, members, documents, storage, AI tokens, events pending")
    public TenantDetail get(@PathParam("id") String id) {
        return catalog.get(id);
    }

    @POST
    @Path("{id}/suspend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Suspend an active tenant: its API calls get 403 tenant-suspended, its users cannot sign in")
    public TenantDetail suspend(@PathParam("id") String id, @NotNull @Valid SuspendRequest request) {
        suspensions.suspend(id, request.reason().strip());
        return catalog.get(id);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume a suspended tenant")
    public TenantDetail resume(@PathParam("id") String id) {
        suspensions.resume(id);
        return catalog.get(id);
    }
}
