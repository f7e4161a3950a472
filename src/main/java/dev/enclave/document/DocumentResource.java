package dev.enclave.document;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.document.DocumentRequests.CreateDocumentRequest;
import dev.enclave.document.DocumentRequests.PatchDocumentRequest;
import dev.enclave.document.DocumentRequests.ReplaceDocumentRequest;
import dev.enclave.platform.Cursor;
import dev.enclave.platform.ETags;
import dev.enclave.platform.Ids;
import dev.enclave.platform.PageLimit;
import dev.enclave.platform.PageResponse;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;

@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DocumentResource {

    private final DocumentService service;

    DocumentResource(DocumentService service) {
        this.service = service;
    }

    @GET
    @Path("projects/{projectId}/documents")
    @Operation(summary = "A project's documents, oldest first, filtered by tag and status")
    public PageResponse<DocumentSummary> list(@PathParam("projectId") String projectId, @QueryParam("tag") String tag,
            @QueryParam("status") String status, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return service.list(Ids.parse(projectId), tag(tag), status(status), cursor == null ? null : Cursor.decode(cursor),
                PageLimit.parse(limit));
    }

    @POST
    @Path("projects/{projectId}/documents")
    public Response create(@PathParam("projectId") String projectId, @NotNull @Valid CreateDocumentRequest request) {
        DocumentResponse created = service.create(Ids.parse(projectId), request);
        return withETag(created, Response.created(URI.create("/api/v1/documents/" + created.id())));
    }

    @GET
    @Path("documents/{id}")
    public Response get(@PathParam("id") String id) {
        return withETag(service.get(Ids.parse(id)), Response.ok());
    }

    @PUT
    @Path("documents/{id}")
    @Operation(summary = "Replace a document; If-Match with its ETag is required")
    public Response replace(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid ReplaceDocumentRequest request) {
        return withETag(service.replace(Ids.parse(id), ETags.requireIfMatch(ifMatch), request), Response.ok());
    }

    @PATCH
    @Path("documents/{id}")
    @Operation(summary = "Change some fields of a document; If-Match with its ETag is required")
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid PatchDocumentRequest request) {
        return withETag(service.patch(Ids.parse(id), ETags.requireIfMatch(ifMatch), request), Response.ok());
    }

    @DELETE
    @Path("documents/{id}")
    @Operation(summary = "Delete a document; If-Match is checked when sent")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.delete(Ids.parse(id), ifMatch == null ? null : ETags.requireIfMatch(ifMatch));
        return Response.noContent().build();
    }

    private static Response withETag(DocumentResponse document, Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.ETAG, ETags.of(document.version())).entity(document).build();
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
