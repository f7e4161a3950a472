package dev.enclave.jobs;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.enclave.tenancy.TenantId;

/**
 * One run of a job, as its handler sees it: what it was asked ({@link #params()}), how far an earlier run got
 * ({@link #step()}, {@link #checkpoint()}), and {@link #progress} to save how far this one got. Saving also proves
 * the job is still this instance's; when it is not any more (the lease ran out and another instance took it
 * over), {@link #progress} throws {@link LeaseLostException} and this run must stop.
 */
public final class JobContext {

    private final JobStore store;
    private final JobStore.Claimed job;
    private final String owner;
    private String step;
    private String checkpoint;

    JobContext(JobStore store, JobStore.Claimed job, String owner) {
        this.store = store;
        this.job = job;
        this.owner = owner;
        this.step = job.step();
        this.checkpoint = job.checkpoint();
    }

    public UUID id() {
        return job.id();
    }

    public TenantId tenant() {
        return job.tenant();
    }

    public String kind() {
        return job.kind();
    }

    public JsonNode params() {
        return job.params();
    }

    /** The operator who started the job (the audit log's actor for what it does). */
    public String createdBy() {
        return job.createdBy();
    }

    /** Which attempt this is: above 1 after a crash or a failure, when the run resumes. */
    public int attempt() {
        return job.attempts();
    }

    /** The step an earlier run (or this one) saved last; empty at the start. */
    public Optional<String> step() {
        return Optional.ofNullable(step);
    }

    /** Where in {@link #step()} the job got to (the handler's own format, e.g. the last id exported). */
    public Optional<String> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /**
     * Saves how far the job got. Save only what is durable: a resumed run starts from here.
     *
     * @param total the step's total, when known
     */
    public void progress(String step, String checkpoint, long done, Long total) {
        if (!store.progress(job.id(), owner, step, checkpoint, done, total)) {
            throw new LeaseLostException(job.id());
        }
        this.step = step;
        this.checkpoint = checkpoint;
    }

    /** This instance no longer holds the job: another one resumed it from its last checkpoint. */
    public static class LeaseLostException extends RuntimeException {
        LeaseLostException(UUID id) {
            super("job " + id + " was taken over by another instance");
        }
    }
}
