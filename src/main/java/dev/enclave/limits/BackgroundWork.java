package dev.enclave.limits;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.enclave.fairness.FairTurns;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;

/**
 * Background work shared fairly between tenants: a few worker threads serve the tenants with waiting work in
 * turn (fewest running first, then round-robin; one task per turn), and a tenant never runs more than its {@code backgroundConcurrency}
 * tasks at once. So a tenant that queues a hundred tasks delays another tenant's task by at most one task per
 * worker, not by its whole backlog. A tenant's queue is bounded; past it, submitting answers 429.
 * Each task runs in {@link TenantScope#runAs} for its tenant. The turns are {@link FairTurns} (one task per turn).
 */
@ApplicationScoped
public class BackgroundWork {

    private static final Logger LOG = Logger.getLogger(BackgroundWork.class);

    /** Work of one tenant on this instance. */
    public record Load(int running, int queued) {
    }

    private final TenantScope scope;
    private final TenantLimits limits;
    private final int queuePerTenant;
    /** One task per turn; a tenant's concurrency is its backgroundConcurrency. */
    private final FairTurns<TenantId, Runnable> turns;
    private final ExecutorService workers;

    BackgroundWork(TenantScope scope, TenantLimits limits, LimitsConfig config) {
        this.scope = scope;
        this.limits = limits;
        this.queuePerTenant = config.background().queuePerTenant();
        this.turns = new FairTurns<>(FairTurns.UNBOUNDED, 1, queuePerTenant);
        int count = config.background().workers();
        this.workers = Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, "enclave-background");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < count; i++) {
            workers.execute(this::serve);
        }
    }

    /** Queues {@code work} for {@code tenant}; 429 (Retry-After 1 s) when the tenant already has a full queue. */
    public <T> CompletableFuture<T> submit(TenantId tenant, Supplier<T> work) {
        int cap = limits.of(tenant).values().backgroundConcurrency(); // read before queueing: it may query the database
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            if (result.isDone()) {
                return; // the submitter gave up (timeout) before the task's turn came
            }
            try {
                result.complete(scope.runAs(tenant, work));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        if (!turns.add(tenant, task, cap)) {
            throw new RetryLaterException(ProblemType.RATE_LIMITED,
                    "the tenant already has " + queuePerTenant + " background tasks waiting", Duration.ofSeconds(1));
        }
        return result;
    }

    /**
     * Runs {@code work} for {@code tenant} now, on the caller's thread, in the tenant's context: for operator work
     * that walks tenants one at a time and waits for each (search rebuilds, the console's usage column). Not queued
     * and not counted against the tenant's share: the operator's request is the unit of work.
     */
    public <T> T runNow(TenantId tenant, Supplier<T> work) {
        return scope.runAs(tenant, work);
    }

    public Load load(TenantId tenant) {
        return new Load(turns.running(tenant), turns.waiting(tenant));
    }

    private void serve() {
        while (!Thread.currentThread().isInterrupted()) {
            FairTurns.Turn<TenantId, Runnable> turn;
            try {
                turn = turns.take(1, 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (turn == null) {
                continue;
            }
            try {
                turn.items().get(0).run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "background task of tenant %s failed", turn.tenant());
            } finally {
                turns.release(turn.tenant(), false);
            }
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
