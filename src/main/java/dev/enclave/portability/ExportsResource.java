package dev.enclave.portability;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Roles;

/**
 * Platform operators export a tenant's data to a bundle in the object store (an "export" job, {@link ExportJob}) and
 * follow it. A tenant that holds data can be exported: active, suspended, offboarding (its grace period is when it
 * asks for its data) or migrating. (A path of its own, so that /admin/v1/tenants does not shadow it.)
 */
@Path("/admin/v1/tenants/{id}/exports")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class ExportsResource {

    private final PortabilityJobs jobs;
    private final TenantExports exports;

    ExportsResource(PortabilityJobs jobs, TenantExports exports) {
        this.jobs = jobs;
        this.exports = exports;
    }

    @POST
    @Operation(summary = "Start an export of the tenant's data to a bundle in the object store (202, Location of the job)")
    public Response start(@PathParam("id") String id) {
        PortabilityJobResponse job = exports.start(id);
        return Response.accepted(job).location(URI.create("/admin/v1/tenants/" + job.tenant() + "/exports/" + job.id())).build();
    }

    @GET
    @Operation(summary = "The tenant's latest exports, newest first")
    public List<PortabilityJobResponse> list(@PathParam("id") String id) {
        return exports.latest(id);
    }

    @GET
    @Path("{job}")
    @Operation(summary = "An export's progress and, once done, its bundle: bucket, key prefix and manifest")
    public PortabilityJobResponse get(@PathParam("id") String id, @PathParam("job") String job) {
        return jobs.find(jobs.tenant(id, Set.of(), null), job, ExportJob.KIND);
    }
}
