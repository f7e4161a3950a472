package dev.enclave.jobs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.identity.SecurityIdentity;

import dev.enclave.platform.Actors;
import dev.enclave.tenancy.TenantId;

/**
 * Starts and shows operator jobs: long control-plane work about one tenant (provision, export, import, purge)
 * that shows its progress, survives a crash of the instance running it, and is resumed from its last checkpoint by
 * any instance ({@link JobRunner}). A job is run by the {@link JobHandler} of its kind.
 */
@ApplicationScoped
public class OperatorJobs {

    private final JobStore store;
    private final JobRunner runner;
    private final Instance<SecurityIdentity> identity;

    OperatorJobs(JobStore store, JobRunner runner, Instance<SecurityIdentity> identity) {
        this.store = store;
        this.runner = runner;
        this.identity = identity;
    }

    /** Queues a job of {@code kind} (a handler must exist for it), started by the current caller. */
    public JobView start(String kind, TenantId tenant, JsonNode params) {
        runner.handler(kind); // fails now rather than at run time
        JobView job = store.insert(tenant, kind, params, Actors.current(identity));
        runner.wake();
        return job;
    }

    /** The job, if it is about {@code tenant} (another tenant's job id is not found). */
    public Optional<JobView> find(TenantId tenant, UUID id) {
        return store.find(id).filter(job -> job.tenant().equals(tenant.value()));
    }

    /** The tenant's latest jobs, newest first. */
    public List<JobView> of(TenantId tenant, int limit) {
        return store.ofTenant(tenant, limit);
    }
}
