package dev.enclave.usage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.arc.Unremovable;

/** Read API of the usage meter, for the current tenant (e.g. {@code GET /api/v1/usage}, quotas). */
@ApplicationScoped
@Unremovable // a public API: kept even while no bean of this application injects it
public class UsageCounters {

    private final UsageRepository repository;

    UsageCounters(UsageRepository repository) {
        this.repository = repository;
    }

    /** The current tenant's counters; all zero before its first metered event. */
    @Transactional
    public TenantUsage current() {
        return repository.counters().orElse(TenantUsage.NONE);
    }
}
