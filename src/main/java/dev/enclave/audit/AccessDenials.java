package dev.enclave.audit;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.platform.ProblemException;

/**
 * The one answer to "an id the caller cannot see": 404 with the same body whether the id does not exist or
 * belongs to another tenant, so nothing hints that it exists. When it does belong to another tenant, the
 * attempt is a security event: audited with its target tenant and counted.
 */
@ApplicationScoped
public class AccessDenials {

    static final String CROSS_TENANT = "cross-tenant";

    private final AuditLog audit;

    AccessDenials(AuditLog audit) {
        this.audit = audit;
    }

    /** @param kind {@code member}, {@code project} or {@code document} (the probe's vocabulary) */
    public ProblemException notFound(String kind, UUID id, String action) {
        // Who owns the id is asked off the request path (AuditWriter): a foreign id then costs the request what an
        // unknown one costs (no timing oracle), and the audit never needs a second pooled connection.
        audit.crossTenantLater(kind, id, action, CROSS_TENANT);
        return ProblemException.notFound(kind);
    }
}
