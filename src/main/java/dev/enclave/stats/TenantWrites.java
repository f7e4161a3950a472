package dev.enclave.stats;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.enclave.tenancy.TenantOwnedEntity;

/**
 * Counts tenant-owned rows written through Hibernate (the tenancy core's entity listener announces each
 * {@link TenantOwnedEntity} written). Bulk and native SQL writes are not seen: this is the entity write rate, not
 * every row.
 */
@ApplicationScoped
public class TenantWrites {

    private final TenantStats stats;

    TenantWrites(TenantStats stats) {
        this.stats = stats;
    }

    void written(@Observes TenantOwnedEntity row) {
        stats.rowWritten(row.tenantId());
    }
}
