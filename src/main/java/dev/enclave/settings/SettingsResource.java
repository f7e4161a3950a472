package dev.enclave.settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.ETags;

@Path("/api/v1/settings")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SettingsResource {

    private final SettingsService service;

    SettingsResource(SettingsService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "The tenant's settings (defaults until first saved)")
    public Response get() {
        return respond(service.get());
    }

    @PUT
    @Operation(summary = "Replace the tenant's settings; owners and admins only; If-Match is checked when sent")
    public Response put(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull @Valid TenantSettings settings) {
        return respond(service.put(settings, ifMatch == null ? null : ETags.requireIfMatch(ifMatch)));
    }

    private static Response respond(SettingsService.Versioned versioned) {
        return Response.ok(versioned.settings()).header(HttpHeaders.ETAG, ETags.of(versioned.version())).build();
    }
}
