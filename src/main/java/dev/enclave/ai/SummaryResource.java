package dev.enclave.ai;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Ids;

@Path("/api/v1/documents/{id}/summary")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    private final SummaryService service;

    SummaryResource(SummaryService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Summary and keywords of a document; charged to the tenant's monthly AI token budget (429 when spent)")
    public SummaryResponse summarize(@PathParam("id") String id) {
        return service.summarize(Ids.parse(id));
    }
}
