package dev.enclave.console;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.limits.BackgroundWork;
import dev.enclave.limits.budget.AiTokenBudget;
import dev.enclave.limits.quota.StorageQuota;
import dev.enclave.tenancy.TenantId;
import dev.enclave.usage.UsageCounters;

/**
 * A tenant's usage as its own {@code GET /api/v1/usage} reports it. Usage rows are tenant-owned (forced RLS), so
 * each tenant's are read in that tenant's scope, one at a time: the console never needs an "all tenants" session.
 */
@ApplicationScoped
class TenantUsageReader {

    /** Documents (metered), stored bytes (the quota's counter) and AI tokens used this month. */
    record Usage(long documents, long storedBytes, long aiTokens) {
    }

    private final BackgroundWork work;
    private final UsageCounters counters;
    private final StorageQuota storage;
    private final AiTokenBudget ai;

    TenantUsageReader(BackgroundWork work, UsageCounters counters, StorageQuota storage, AiTokenBudget ai) {
        this.work = work;
        this.counters = counters;
        this.storage = storage;
        this.ai = ai;
    }

    Usage of(TenantId tenant) {
        return work.runNow(tenant, () -> new Usage(counters.current().documents(), storage.usage()[0], ai.usage().used()));
    }
}
