package dev.enclave.audit;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.platform.Cursor;
import dev.enclave.platform.PageLimit;
import dev.enclave.platform.PageResponse;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.Roles;

/** Platform operators read the global audit log. Tenants never see it. */
@Path("/admin/v1/audit")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditRepository repository;
    private final AuditWriter writer;
    private final AuditConfig config;

    AuditResource(AuditRepository repository, AuditWriter writer, AuditConfig config) {
        this.repository = repository;
        this.writer = writer;
        this.config = config;
    }

    @GET
    @Operation(summary = "Audit records, newest first, filtered by tenant, actor, outcome and time range")
    public PageResponse<AuditRecord> search(@QueryParam("tenant") String tenant, @QueryParam("actor") String actor,
            @QueryParam("outcome") String outcome, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        int size = PageLimit.parse(limit);
        // Records of the request path are written by the AuditWriter: a read shows what was queued before it.
        writer.flush(config.readWait());
        Long before = cursor == null ? null : Cursor.decodeLong(cursor);
        var query = new AuditRepository.AuditQuery(tenant, actor, outcome(outcome), time("from", from), time("to", to));
        List<AuditRecord> items = repository.search(query, before, size + 1).stream().map(AuditEntity::toRecord).toList();
        return PageResponse.of(items, size, last -> Cursor.encodeLong(last.id()));
    }

    private static AuditOutcome outcome(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return AuditOutcome.valueOf(raw.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "outcome must be one of denied, allowed, failed");
        }
    }

    private static OffsetDateTime time(String name, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, name + " must be an ISO-8601 date-time with offset");
        }
    }
}
