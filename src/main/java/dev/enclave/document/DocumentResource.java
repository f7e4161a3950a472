package dev.enclave.document;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.document.DocumentRequests.PatchDocumentRequest;
import dev.enclave.document.DocumentRequests.ReplaceDocumentRequest;
import dev.enclave.platform.ETags;
import dev.enclave.platform.Ids;

/**
 * One document by id. The project-scoped collection is {@link ProjectDocumentResource}: JAX-RS routes
 * {@code /api/v1/projects/...} to the resource with the longest literal prefix first.
 */
@Path("/api/v1/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DocumentResource {

    private final DocumentService service;

    DocumentResource(DocumentService service) {
        this.service = service;
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return withETag(service.get(Ids.parse(id)), Response.ok());
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Replace a document; If-Match with its ETag is required")
    public Response replace(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid ReplaceDocumentRequest request) {
        return withETag(service.replace(Ids.parse(id), ETags.requireIfMatch(ifMatch), request), Response.ok());
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Change some fields of a document; If-Match with its ETag is required")
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid PatchDocumentRequest request) {
        return withETag(service.patch(Ids.parse(id), ETags.requireIfMatch(ifMatch), request), Response.ok());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a document; If-Match is checked when sent")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.delete(Ids.parse(id), ifMatch == null ? null : ETags.requireIfMatch(ifMatch));
        return Response.noContent().build();
    }

    static Response withETag(DocumentResponse document, Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.ETAG, ETags.of(document.version())).entity(document).build();
    }
}
