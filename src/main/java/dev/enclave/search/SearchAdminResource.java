package dev.enclave.search;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.audit.AuditLog;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.Roles;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;

/** Platform operators rebuild and place search projections. Every call is audited as a cross-tenant action. */
@Path("/admin/v1")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class SearchAdminResource {

    static final String REASON = "platform-operator";

    /** Body of a placement change: {@code shared} or {@code dedicated}. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record SearchPlacementRequest(@NotNull String placement) {
    }

    private final SearchRebuild rebuild;
    private final SearchPlacementMoves moves;
    private final TenantDirectory directory;
    private final AuditLog audit;

    SearchAdminResource(SearchRebuild rebuild, SearchPlacementMoves moves, TenantDirectory directory, AuditLog audit) {
        this.rebuild = rebuild;
        this.moves = moves;
        this.directory = directory;
        this.audit = audit;
    }

    @POST
    @Path("tenants/{id}/reindex")
    @Operation(summary = "Rebuild one tenant's search documents from the database")
    public SearchRebuild.TenantReport reindex(@PathParam("id") String id) {
        TenantId tenant = registered(id);
        return audit.operatorAction("search/" + tenant.value(), "reindex", tenant, REASON, () -> rebuild.reindex(tenant));
    }

    @PUT
    @Path("tenants/{id}/search-placement")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move a tenant's search documents to the shared index or to a dedicated index, online")
    public SearchRebuild.TenantReport place(@PathParam("id") String id, @NotNull @Valid SearchPlacementRequest request) {
        return moves.place(id, request.placement());
    }

    @POST
    @Path("search/rollout")
    @Operation(summary = "Build a new shared index generation with the current mapping, swap the alias, drop the old")
    public SearchRebuild.RolloutReport rollout() {
        return audit.operatorAction("search/shared", "rollout", null, REASON, rebuild::rollout);
    }

    private TenantId registered(String id) {
        return TenantId.parse(id).filter(t -> directory.find(t).isPresent())
                .orElseThrow(() -> ProblemException.notFound("tenant"));
    }
}
