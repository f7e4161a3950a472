package dev.enclave.limits;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;

/**
 * Background work shared fairly between tenants: a few worker threads serve the tenants with waiting work in
 * turn (round-robin, one task per turn), and a tenant never runs more than its {@code backgroundConcurrency}
 * tasks at once. So a tenant that queues a hundred tasks delays another tenant's task by at most one task per
 * worker, not by its whole backlog. A tenant's queue is bounded; past it, submitting answers 429.
 * Each task runs in {@link TenantScope#runAs} for its tenant.
 */
@ApplicationScoped
public class BackgroundWork {

    private static final Logger LOG = Logger.getLogger(BackgroundWork.class);

    /** Work of one tenant on this instance. */
    public record Load(int running, int queued) {
    }

    private static final class TenantQueue {
        final TenantId tenant;
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        int running;
        int cap;
        boolean inRotation;

        TenantQueue(TenantId tenant) {
            this.tenant = tenant;
        }

        boolean runnable() {
            return !tasks.isEmpty() && running < cap;
        }
    }

    private final TenantScope scope;
    private final TenantLimits limits;
    private final int queuePerTenant;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Map<String, TenantQueue> queues = new HashMap<>();
    private final ArrayDeque<TenantQueue> rotation = new ArrayDeque<>();
    private final ExecutorService workers;

    BackgroundWork(TenantScope scope, TenantLimits limits, LimitsConfig config) {
        this.scope = scope;
        this.limits = limits;
        this.queuePerTenant = config.background().queuePerTenant();
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
        int cap = limits.of(tenant).values().backgroundConcurrency(); // read before locking: it may query the database
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
        lock.lock();
        try {
            TenantQueue queue = queues.computeIfAbsent(tenant.value(), t -> new TenantQueue(tenant));
            queue.cap = cap;
            if (queue.tasks.size() >= queuePerTenant) {
                throw new RetryLaterException(ProblemType.RATE_LIMITED,
                        "the tenant already has " + queuePerTenant + " background tasks waiting", Duration.ofSeconds(1));
            }
            queue.tasks.add(task);
            enqueue(queue);
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            TenantQueue queue = queues.get(tenant.value());
            return queue == null ? new Load(0, 0) : new Load(queue.running, queue.tasks.size());
        } finally {
            lock.unlock();
        }
    }

    private void serve() {
        while (!Thread.currentThread().isInterrupted()) {
            TenantQueue queue;
            Runnable task;
            lock.lock();
            try {
                while (rotation.isEmpty()) {
                    workAvailable.await();
                }
                queue = rotation.poll();
                queue.inRotation = false;
                task = queue.tasks.poll();
                queue.running++;
                enqueue(queue); // back to the end of the line if it has more work and room to run it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "background task of tenant %s failed", queue.tenant);
            }
            lock.lock();
            try {
                queue.running--;
                enqueue(queue);
                if (queue.running == 0 && queue.tasks.isEmpty()) {
                    queues.remove(queue.tenant.value(), queue);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Under the lock: puts a tenant in line when it has work it may run now. */
    private void enqueue(TenantQueue queue) {
        if (!queue.inRotation && queue.runnable()) {
            queue.inRotation = true;
            rotation.add(queue);
            workAvailable.signal();
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
