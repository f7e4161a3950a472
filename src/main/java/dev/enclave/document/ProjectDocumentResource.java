package dev.enclave.document;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.document.DocumentRequests.CreateDocumentRequest;
import dev.enclave.platform.Cursor;
import dev.enclave.platform.Ids;
import dev.enclave.platform.PageLimit;
import dev.enclave.platform.PageResponse;

/** A project's documents: list (filtered, paginated) and create. Single documents: {@link DocumentResource}. */
@Path("/api/v1/projects/{projectId}/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectDocumentResource {

    private final DocumentService service;

    ProjectDocumentResource(DocumentService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "A project's documents, oldest first, filtered by tag and status")
    public PageResponse<DocumentSummary> list(@PathParam("projectId") String projectId, @QueryParam("tag") String tag,
            @QueryParam("status") String status, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return service.list(Ids.parse(projectId), DocumentQueryParams.tag(tag), DocumentQueryParams.status(status),
                cursor == null ? null : Cursor.decode(cursor), PageLimit.parse(limit));
    }

    @POST
    @Operation(summary = "Create a document in the project")
    public Response create(@PathParam("projectId") String projectId, @NotNull @Valid CreateDocumentRequest request) {
        DocumentResponse created = service.create(Ids.parse(projectId), request);
        return DocumentResource.withETag(created, Response.created(URI.create("/api/v1/documents/" + created.id())));
    }
}
