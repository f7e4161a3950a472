package dev.enclave.portability;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.openapi.annotations.Operation;
import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.jobs.JobState;
import dev.enclave.jobs.JobView;
import dev.enclave.objectstore.BundleStore;
import dev.enclave.platform.Ids;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.Roles;
import dev.enclave.tenancy.TenantId;

/**
 * Platform operators import a finished export of this deployment into an empty, active tenant (an "import" job,
 * {@link ImportJob}): a clone, or a restore under a new tenant id. The source is named by its export job, whose
 * recorded manifest is what the bundle is checked against.
 */
@Path("/admin/v1/tenants/{id}/imports")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class ImportsResource {

    /** {@code {"from": {"tenant": "acme", "export": "<export job id>"}}}. */
    @RegisterForReflection // deserialised by Jackson by reflection, also in the native image
    public record ImportRequest(@NotNull @Valid From from) {
    }

    @RegisterForReflection
    public record From(@NotNull String tenant, @NotNull String export) {
    }

    private final PortabilityJobs jobs;
    private final ImportSource source;
    private final BundleStore store;

    ImportsResource(PortabilityJobs jobs, ImportSource source, BundleStore store) {
        this.jobs = jobs;
        this.source = source;
        this.store = store;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start an import of a finished export into this (active, empty) tenant (202, Location of the job)")
    public Response start(@PathParam("id") String id, @NotNull @Valid ImportRequest request) {
        TenantId target = jobs.tenant(id, Set.of("active"), "an import needs an active tenant");
        TenantId from = TenantId.parse(request.from().tenant())
                .orElseThrow(() -> new ProblemException(ProblemType.VALIDATION_FAILED, "from.tenant is not a tenant id"));
        UUID exportId = Ids.parse(request.from().export());
        JobView export = source.export(from, exportId).orElseThrow(() -> ProblemException.notFound("export"));
        if (export.state() != JobState.SUCCEEDED) {
            throw new ProblemException(ProblemType.CONFLICT, "the export is " + export.state().name().toLowerCase()
                    + "; only a finished export can be imported");
        }
        if (!store.exists(Bundles.key(from, exportId, Bundles.MANIFEST))) {
            throw new ProblemException(ProblemType.CONFLICT, "the export's bundle is not in the object store any more");
        }
        if (jobs.running(target, ImportJob.KIND)) {
            throw new ProblemException(ProblemType.CONFLICT, "an import into this tenant is already running");
        }
        source.refusal(target).ifPresent(reason -> {
            throw new ProblemException(ProblemType.CONFLICT, reason);
        });
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("sourceTenant", from.value()).put("export", exportId.toString());
        return jobs.start(target, ImportJob.KIND, params, "imports");
    }

    @GET
    @Operation(summary = "The tenant's latest imports, newest first")
    public List<PortabilityJobResponse> list(@PathParam("id") String id) {
        return jobs.latest(jobs.tenant(id, Set.of(), null), ImportJob.KIND);
    }

    @GET
    @Path("{job}")
    @Operation(summary = "An import's progress and, once done, what it imported")
    public PortabilityJobResponse get(@PathParam("id") String id, @PathParam("job") String job) {
        return jobs.find(jobs.tenant(id, Set.of(), null), job, ImportJob.KIND);
    }
}
