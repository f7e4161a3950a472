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
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;

/** A project's documents: the list (filtered, paginated) and creation. */
@Path("/api/v1/projects/{projectId}/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectDocumentsResource {

    private final DocumentService service;

    ProjectDocumentsResource(DocumentService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "A project's documents, oldest first, filtered by tag and status")
    public PageResponse<DocumentSummary> list(@PathParam("projectId") String projectId, @QueryParam("tag") String tag,
            @QueryParam("status") String status, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return service.list(Ids.parse(projectId), tag(tag), status(status), cursor == null ? null : Cursor.decode(cursor),
                PageLimit.parse(limit));
    }

    @POST
    public Response create(@PathParam("projectId") String projectId, @NotNull @Valid CreateDocumentRequest request) {
        DocumentResponse created = service.create(Ids.parse(projectId), request);
        return DocumentResource.withETag(created, Response.created(URI.create("/api/v1/documents/" + created.id())));
    }

    private static String tag(String raw) {
        if (raw != null && !raw.matches(DocumentRequests.TAG)) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, DocumentRequests.TAG_MESSAGE);
        }
        return raw;
    }

    private static DocumentStatus status(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return DocumentStatus.fromJson(raw);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, e.getMessage());
        }
    }
}
