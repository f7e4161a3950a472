package dev.enclave.stats;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

import dev.enclave.tenancy.TenantOwnedEntity;

/**
 * Counts tenant-owned rows written through Hibernate (the entity listener of {@link TenantOwnedEntity}; Quarkus
 * makes it a CDI bean). Bulk and native SQL writes are not seen: this is the entity write rate, not every row.
 */
@ApplicationScoped
public class TenantWrites {

    private final TenantStats stats;

    TenantWrites(TenantStats stats) {
        this.stats = stats;
    }

    @PostPersist
    @PostUpdate
    @PostRemove
    void written(TenantOwnedEntity row) {
        stats.rowWritten(row.tenantId());
    }
}
