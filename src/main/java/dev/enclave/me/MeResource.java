package dev.enclave.me;

import dev.enclave.tenancy.TenantId;
import jakarta.inject.Provider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;


@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final SecurityIdentity identity;
    private final JsonWebToken token;
    private final Provider<TenantId> tenant;

    MeResource(SecurityIdentity identity, JsonWebToken token, Provider<TenantId> tenant) {
        this.identity = identity;
        this.token = token;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "The caller: subject, tenant and roles from the verified access token")
    public MeResponse me() {
        return new MeResponse(token.getSubject(), token.getClaim("preferred_username"), tenant.get().value(),
                identity.getRoles().stream().sorted().toList());
    }
}
