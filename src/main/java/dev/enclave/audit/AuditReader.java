package dev.enclave.audit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.tenancy.TenantId;

/**
 * Read access to the audit log for other features (the operator console); writing stays with {@link AuditLog}.
 * The same queries as {@code GET /admin/v1/audit}, so the console and the API show the same records.
 */
@ApplicationScoped
public class AuditReader {

    private final AuditRepository repository;

    AuditReader(AuditRepository repository) {
        this.repository = repository;
    }

    /** Newest first: entries whose actor's tenant or target tenant is {@code tenant}. */
    public List<AuditRecord> about(TenantId tenant, int limit) {
        var query = new AuditRepository.AuditQuery(tenant.value(), null, null, null, null);
        return repository.search(query, null, limit).stream().map(AuditEntity::toRecord).toList();
    }

    /** Newest first: records the event consumers refused, with the reason each was dead-lettered for. */
    public List<AuditRecord> deadLetters(int limit) {
        return repository.deadLetters(limit).stream().map(AuditEntity::toRecord).toList();
    }
}
