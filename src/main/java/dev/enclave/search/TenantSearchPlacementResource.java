package dev.enclave.search;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.platform.Roles;

/** Platform operators move a tenant's search documents between the shared index and a dedicated one, online. */
@Path("/admin/v1/tenants/{id}/search-placement")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class TenantSearchPlacementResource {

    /** Body of a placement change: {@code shared} or {@code dedicated}. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record SearchPlacementRequest(@NotNull String placement) {
    }

    private final SearchPlacementMoves moves;

    TenantSearchPlacementResource(SearchPlacementMoves moves) {
        this.moves = moves;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move a tenant's search documents to the shared index or to a dedicated index, online")
    public SearchRebuild.TenantReport place(@PathParam("id") String id, @NotNull @Valid SearchPlacementRequest request) {
        return moves.place(id, request.placement());
    }
}
