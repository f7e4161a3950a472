package dev.enclave.placement.move;

import java.util.List;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Actors;
import dev.enclave.platform.IdempotencyKeys;
import dev.enclave.platform.Roles;

/** Platform operators move a tenant's rows to another database online, and follow the move. */
@Path("/admin/v1/tenants/{id}/placement")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class TenantPlacementResource {

    private final TenantMoves moves;
    private final IdempotencyKeys idempotency;
    private final SecurityIdentity identity;

    TenantPlacementResource(TenantMoves moves, IdempotencyKeys idempotency, SecurityIdentity identity) {
        this.moves = moves;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move the tenant's rows (and optionally its search documents) to another database online: 202 with "
            + "the move job (Idempotency-Key replays the first answer)")
    public Response move(@PathParam("id") String id, @HeaderParam(IdempotencyKeys.HEADER) String key,
            @NotNull @Valid MoveRequest request) {
        String scope = "POST /admin/v1/tenants/" + id + "/placement " + Actors.subject(identity);
        return idempotency.answer(scope, key, request, () -> {
            MoveJobResponse job = moves.start(id, request);
            return new IdempotencyKeys.Answer(202, "/admin/v1/tenants/" + job.tenant() + "/placement/moves/" + job.id(),
                    idempotency.body(job));
        });
    }

    @GET
    @Path("moves")
    @Operation(summary = "The tenant's latest moves, newest first")
    public List<MoveJobResponse> list(@PathParam("id") String id) {
        return moves.latest(id);
    }

    @GET
    @Path("moves/{job}")
    @Operation(summary = "A move's progress (step, rows copied or changes replayed) and, once done, its result or why it rolled back")
    public MoveJobResponse get(@PathParam("id") String id, @PathParam("job") String job) {
        return moves.find(id, job);
    }
}
