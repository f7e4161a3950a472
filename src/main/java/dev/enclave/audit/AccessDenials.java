package dev.enclave.audit;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.platform.ProblemException;
import dev.enclave.tenancy.CrossTenantProbe;
import dev.enclave.tenancy.TenantContext;

/**
 * The one answer to "an id the caller cannot see": 404 with the same body whether the id does not exist or
 * belongs to another tenant, so nothing hints that it exists. When it does belong to another tenant, the
 * attempt is a security event: audited with its target tenant and counted.
 */
@ApplicationScoped
public class AccessDenials {

    static final String CROSS_TENANT = "cross-tenant";

    private final CrossTenantProbe probe;
    private final TenantContext tenant;
    private final AuditLog audit;

    AccessDenials(CrossTenantProbe probe, TenantContext tenant, AuditLog audit) {
        this.probe = probe;
        this.tenant = tenant;
        this.audit = audit;
    }

    /** @param kind {@code member}, {@code project} or {@code document} (the probe's vocabulary) */
    public ProblemException notFound(String kind, UUID id, String action) {
        probe.ownerOf(kind, id)
                .filter(owner -> !owner.equals(tenant.get()))
                .ifPresent(owner -> audit.denied(kind + "/" + id, action, owner, CROSS_TENANT));
        return ProblemException.notFound(kind);
    }
}
