package dev.enclave.project;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Cursor;
import dev.enclave.platform.Ids;
import dev.enclave.platform.PageLimit;
import dev.enclave.platform.PageResponse;
import dev.enclave.project.ProjectRequests.CreateProjectRequest;
import dev.enclave.project.ProjectRequests.UpdateProjectRequest;

@Path("/api/v1/projects")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectResource {

    private final ProjectService service;

    ProjectResource(ProjectService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "The tenant's projects, oldest first")
    public PageResponse<ProjectResponse> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return service.list(cursor == null ? null : Cursor.decode(cursor), PageLimit.parse(limit));
    }

    @POST
    @Operation(summary = "Create a project (slug unique in the tenant)")
    public Response create(@NotNull @Valid CreateProjectRequest request) {
        ProjectResponse created = service.create(request);
        return Response.created(URI.create("/api/v1/projects/" + created.id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    public ProjectResponse get(@PathParam("id") String id) {
        return service.get(Ids.parse(id));
    }

    @PATCH
    @Path("{id}")
    public ProjectResponse update(@PathParam("id") String id, @NotNull @Valid UpdateProjectRequest request) {
        return service.update(Ids.parse(id), request);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        service.delete(Ids.parse(id));
        return Response.noContent().build();
    }
}
