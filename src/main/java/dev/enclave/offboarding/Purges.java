package dev.enclave.offboarding;

import java.util.EnumSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.enclave.jobs.JobView;
import dev.enclave.jobs.OperatorJobs;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantStatus;

/**
 * Starts the purge of a tenant: the move to {@code purging} and the queued {@code purge} job commit together, so a
 * tenant is never purging without a job that purges it, nor purged twice: of two instances that both try, the
 * database lets one move the tenant and answers the other 409.
 */
@ApplicationScoped
public class Purges {

    private final Transitions transitions;
    private final OperatorJobs jobs;

    Purges(Transitions transitions, OperatorJobs jobs) {
        this.transitions = transitions;
        this.jobs = jobs;
    }

    /**
     * Purges an offboarded tenant whose grace ended, or rolls back a provisioning that cannot finish.
     *
     * @throws dev.enclave.platform.ProblemException 404 for an unknown tenant, 409 when it is in another state (or
     *         another instance started its purge first)
     */
    @Transactional
    public JobView start(TenantId tenant, String reason) {
        transitions.move(tenant, EnumSet.of(TenantStatus.OFFBOARDING, TenantStatus.PROVISIONING), TenantStatus.PURGING, reason, null);
        return jobs.start(PurgeJob.KIND, tenant, JsonNodeFactory.instance.objectNode().put("reason", reason));
    }
}
