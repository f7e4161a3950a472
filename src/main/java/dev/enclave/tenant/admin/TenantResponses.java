package dev.enclave.tenant.admin;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.jobs.JobView;
import dev.enclave.tenant.TenantRecord;

/** Answers of the tenants admin API. */
public final class TenantResponses {

    private TenantResponses() {
    }

    /** A tenant's registry entry: what the list shows. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record TenantSummary(String id, String name, String status, String statusReason, OffsetDateTime statusChangedAt,
            String plan, String homeRegion, Placements placements, OffsetDateTime createdAt) {

        static TenantSummary of(TenantRecord r) {
            return new TenantSummary(r.tenant().id(), r.tenant().name(), r.tenant().status(), r.statusReason(),
                    r.statusChangedAt(), r.tenant().plan(), r.tenant().homeRegion(),
                    new Placements(r.tenant().dbPlacement(), r.tenant().searchPlacement()), r.createdAt());
        }
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record Placements(String database, String search) {
    }

    /**
     * One tenant with its figures. {@code members} and {@code documents} are the usage meter's (derived from the
     * tenant's events: they follow the database within the consumer lag), {@code storedBytes} the storage quota's
     * counter, {@code aiTokensThisMonth} the AI budget's, {@code eventsPending} its unpublished outbox rows (as of the
     * relay's last poll, at most a second old), {@code lastActivity} when the meter last counted one of its events,
     * {@code provisioning} its latest provision job (where it is, its last error while it retries).
     */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record TenantDetail(String id, String name, String status, String statusReason, OffsetDateTime statusChangedAt,
            String plan, String homeRegion, Placements placements, OffsetDateTime createdAt, long members, long documents,
            long storedBytes, long aiTokensThisMonth, long eventsPending, OffsetDateTime lastActivity, JobSummary provisioning) {
    }

    /** An operator job as the tenant's view shows it. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record JobSummary(UUID id, String state, String step, long done, Long total, int attempts, String error,
            OffsetDateTime finishedAt) {

        static JobSummary of(JobView job) {
            return new JobSummary(job.id(), job.state().name().toLowerCase(), job.step(), job.done(), job.total(),
                    job.attempts(), job.error(), job.finishedAt());
        }
    }

    /** The answer to a provisioning: the tenant (provisioning) and the job that makes it whole. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record Provisioned(TenantSummary tenant, UUID job) {
    }
}
