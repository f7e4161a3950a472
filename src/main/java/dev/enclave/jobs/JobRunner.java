package dev.enclave.jobs;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.enclave.audit.AuditLog;
import dev.enclave.audit.AuditOutcome;

/**
 * Runs operator jobs on this instance: claims runnable ones ({@link JobStore#claim}), runs each on a worker with
 * its handler, keeps its lease alive while it runs, and records the end: succeeded, retried after a backoff (any
 * exception but {@link JobFailedException}, up to {@link JobsConfig#maxAttempts()}), or failed. Every end of a job
 * is in the audit log, with the operator who started it as the actor.
 */
@ApplicationScoped
class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobStore store;
    private final Instance<JobHandler> handlers;
    private final AuditLog audit;
    private final JobsConfig config;
    private final String owner = "instance-" + UUID.randomUUID();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;
    private ScheduledExecutorService timer;
    private ExecutorService workers;

    JobRunner(JobStore store, Instance<JobHandler> handlers, AuditLog audit, JobsConfig config) {
        this.store = store;
        this.handlers = handlers;
        this.audit = audit;
        this.config = config;
        this.slots = new Semaphore(config.workers());
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(daemon("enclave-jobs-timer"));
        workers = Executors.newFixedThreadPool(config.workers(), daemon("enclave-jobs"));
        timer.scheduleWithFixedDelay(this::claimSafely, 0, config.poll().toMillis(), TimeUnit.MILLISECONDS);
        long renew = Math.max(1, config.lease().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            store.release(owner);
        } catch (RuntimeException e) {
            LOG.warnf("jobs not released at shutdown; their leases run out instead: %s", e.getMessage());
        }
    }

    /** A job was queued: look now rather than at the next poll. */
    void wake() {
        if (timer != null && !timer.isShutdown()) {
            timer.execute(this::claimSafely);
        }
    }

    JobHandler handler(String kind) {
        return handlers.stream().filter(h -> h.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no handler for jobs of kind " + kind));
    }

    private void claimSafely() {
        try {
            while (slots.tryAcquire()) {
                var claimed = store.claim(owner, config.lease());
                if (claimed.isEmpty()) {
                    slots.release();
                    return;
                }
                running.add(claimed.get().id());
                workers.execute(() -> {
                    try {
                        run(claimed.get());
                    } finally {
                        running.remove(claimed.get().id());
                        slots.release();
                    }
                });
            }
        } catch (RuntimeException e) {
            slots.release();
            LOG.warnf("could not look for operator jobs (retried at the next poll): %s", e.getMessage());
        }
    }

    private void renewLeases() {
        for (UUID id : running) {
            try {
                store.renew(id, owner, config.lease());
            } catch (RuntimeException e) {
                LOG.warnf("lease of job %s not renewed: %s", id, e.getMessage());
            }
        }
    }

    private void run(JobStore.Claimed job) {
        JobContext context = new JobContext(store, job, owner);
        try {
            var result = handler(job.kind()).run(context);
            store.succeed(job.id(), owner, result);
            outcome(job, AuditOutcome.ALLOWED, "succeeded");
        } catch (JobContext.LeaseLostException e) {
            LOG.warnf("job %s: %s", job.id(), e.getMessage());
        } catch (JobFailedException e) {
            store.fail(job.id(), owner, e.getMessage());
            outcome(job, AuditOutcome.FAILED, "failed: " + e.getMessage());
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (job.attempts() >= config.maxAttempts()) {
                store.fail(job.id(), owner, error);
                outcome(job, AuditOutcome.FAILED, "failed after " + job.attempts() + " attempts: " + error);
            } else {
                LOG.warnf("job %s (%s of %s), attempt %d failed, retried: %s", job.id(), job.kind(), job.tenant(),
                        job.attempts(), error);
                store.retryLater(job.id(), owner, error, backoff(job.attempts()));
            }
        }
    }

    private Duration backoff(int attempts) {
        long millis = config.backoff().toMillis() << Math.min(attempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.maxBackoff().toMillis()));
    }

    private void outcome(JobStore.Claimed job, AuditOutcome outcome, String reason) {
        try {
            audit.jobEnded(job.createdBy(), "tenants/" + job.tenant().value() + "/jobs/" + job.id(), "job:" + job.kind(),
                    job.tenant(), outcome, reason);
        } catch (RuntimeException e) {
            LOG.errorf("audit record of job %s not written: %s", job.id(), e.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
