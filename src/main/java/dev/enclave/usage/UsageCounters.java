package dev.enclave.usage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.arc.Unremovable;

import dev.enclave.limits.quota.StorageQuota;

/**
 * Read API of the tenant's usage counters, for the current tenant: what the usage meter counted from domain events,
 * and the stored bytes the storage quota counts (the one counter of them).
 */
@ApplicationScoped
@Unremovable // a public API: kept even while no bean of this application injects it
public class UsageCounters {

    private final UsageRepository repository;
    private final StorageQuota storage;

    UsageCounters(UsageRepository repository, StorageQuota storage) {
        this.repository = repository;
        this.storage = storage;
    }

    /** The current tenant's counters; the metered ones are zero before its first metered event. */
    @Transactional
    public TenantUsage current() {
        long storedBytes = storage.usage()[0];
        return repository.counters(storedBytes).orElse(TenantUsage.none(storedBytes));
    }
}
