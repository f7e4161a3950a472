package dev.enclave.offboarding;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.Roles;
import dev.enclave.tenancy.TenantId;

/**
 * The receipt of a tenant's purge: what every store had before and has after, re-counted from the store, and the
 * SHA-256 of the receipt's canonical JSON ({@link ReceiptDigest}). 404 until the purge finished.
 */
@Path("/admin/v1/tenants/{id}/receipt")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptResource {

    /**
     * The answer: the receipt as stored (a document of its own, hashed as it is, with snake_case keys) and its
     * digest.
     */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record ReceiptResponse(String tenant, UUID job, String digest, String digestAlgorithm, OffsetDateTime createdAt,
            JsonNode receipt) {
    }

    private final PurgeReceipts receipts;

    ReceiptResource(PurgeReceipts receipts) {
        this.receipts = receipts;
    }

    @GET
    @Operation(summary = "The receipt of the tenant's purge (404 until the purge finished)")
    public ReceiptResponse get(@PathParam("id") String id) {
        TenantId tenant = Offboarding.tenant(id);
        return receipts.latest(tenant)
                .map(r -> new ReceiptResponse(r.tenant(), r.job(), r.digest(), "SHA-256 of the canonical JSON of receipt "
                        + "(keys sorted, no whitespace)", r.createdAt(), r.receipt()))
                .orElseThrow(() -> ProblemException.notFound(registered(tenant) ? "receipt" : "tenant"));
    }

    private boolean registered(TenantId tenant) {
        return receipts.registered(tenant);
    }
}
