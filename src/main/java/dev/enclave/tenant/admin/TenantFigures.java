package dev.enclave.tenant.admin;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.events.outbox.OutboxRelay;
import dev.enclave.jobs.OperatorJobs;
import dev.enclave.limits.budget.AiTokenBudget;
import dev.enclave.limits.quota.StorageQuota;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.tenant.TenantRecord;
import dev.enclave.tenant.admin.TenantResponses.JobSummary;
import dev.enclave.tenant.admin.TenantResponses.TenantDetail;
import dev.enclave.tenant.admin.TenantResponses.TenantSummary;
import dev.enclave.tenant.provision.ProvisionJob;
import dev.enclave.usage.TenantUsage;
import dev.enclave.usage.UsageCounters;

/**
 * A tenant's figures as its own {@code GET /api/v1/usage} and the operator console report them, read in the
 * tenant's scope (usage rows are tenant-owned, under forced RLS), plus its outbox backlog as the relay last saw it
 * and its latest provision job.
 * Nothing is counted here that another feature already counts.
 */
@ApplicationScoped
class TenantFigures {

    private final TenantScope scope;
    private final UsageCounters counters;
    private final StorageQuota storage;
    private final AiTokenBudget ai;
    private final OutboxRelay relay;
    private final OperatorJobs jobs;

    TenantFigures(TenantScope scope, UsageCounters counters, StorageQuota storage, AiTokenBudget ai, OutboxRelay relay,
            OperatorJobs jobs) {
        this.jobs = jobs;
        this.scope = scope;
        this.counters = counters;
        this.storage = storage;
        this.ai = ai;
        this.relay = relay;
    }

    TenantDetail of(TenantRecord record) {
        TenantId tenant = new TenantId(record.tenant().id());
        TenantSummary s = TenantSummary.of(record);
        JobSummary provisioning = jobs.of(tenant, 50).stream().filter(j -> ProvisionJob.KIND.equals(j.kind())).findFirst()
                .map(JobSummary::of).orElse(null);
        return scope.runAs(tenant, () -> {
            TenantUsage usage = counters.current();
            return new TenantDetail(s.id(), s.name(), s.status(), s.statusReason(), s.statusChangedAt(), s.plan(),
                    s.homeRegion(), s.placements(), s.createdAt(), usage.members(), usage.documents(), storage.usage()[0],
                    ai.usage().used(), relay.pendingOf(tenant), usage.updatedAt(), provisioning);
        });
    }
}
