package dev.enclave.limits.admission;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.enclave.fairness.FairTurns;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;

/**
 * Turns to run admitted tenant requests on this instance, shared fairly between tenants. At most
 * {@code enclave.limits.turns.concurrency} requests run at once; when all turns are taken, a freed turn goes to the
 * waiting tenant with the fewest requests running (ties: the one first in line; a tenant given a turn goes to the back). So a tenant that sends a burst of
 * requests, each within its rate, queues behind itself: another tenant's request waits for the first turn to
 * free, not for the burst. The rate and in-flight limits bound how much one tenant can queue.
 * <p>
 * Without turns the operating system shares the cores between all requests in progress, and a burst of one tenant
 * slows every other tenant's request for as long as the burst lasts (bench/noisy-neighbour.sh measured that). They
 * do not cost throughput: fewer requests contend for the cores and the database pool at once, and one tenant alone
 * at full speed over 64 connections got 1.7 to 2 times the requests through with them (the same bench).
 * A request that waits longer than {@code max-wait} is answered 503 with Retry-After: the instance is full.
 * The turns are {@link FairTurns}: one item per waiting request, {@code concurrency} slots.
 */
@ApplicationScoped
public class RequestTurns {

    private final int concurrency;
    private final long maxWaitNanos;
    /** One item per waiting request; a turn is one running request. */
    private final FairTurns<TenantId, Waiter> turns;
    private final Timer waitTime;

    @Inject
    RequestTurns(LimitsConfig config, MeterRegistry metrics) {
        this(config.turns().concurrency().orElse(2 * Runtime.getRuntime().availableProcessors()),
                config.turns().maxWait(), metrics);
    }

    RequestTurns(int concurrency, Duration maxWait, MeterRegistry metrics) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("enclave.limits.turns.concurrency must be at least 1, not " + concurrency);
        }
        this.concurrency = concurrency;
        this.maxWaitNanos = maxWait.toNanos();
        this.turns = new FairTurns<>(concurrency, FairTurns.UNBOUNDED, FairTurns.UNBOUNDED);
        this.waitTime = Timer.builder("enclave.limits.turns.wait")
                .description("Time an admitted tenant request waited for its turn to run")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(metrics);
        Gauge.builder("enclave.limits.turns.waiting", this, RequestTurns::waitingRequests)
                .description("Admitted tenant requests waiting for a turn").register(metrics);
        Gauge.builder("enclave.limits.turns.taken", this, t -> concurrency - t.free())
                .description("Turns held by running tenant requests").register(metrics);
        Gauge.builder("enclave.limits.turns.concurrency", this, t -> concurrency)
                .description("Tenant requests that may run at once on this instance").register(metrics);
    }

    /** A waiting request: told when a turn is given to it. */
    private static final class Waiter {
        final CountDownLatch given = new CountDownLatch(1);
    }

    /** Waits for a turn of {@code tenant} (at most max-wait, then 503); give it back with {@link Turn#close()}. */
    public Turn take(TenantId tenant) {
        acquire(tenant);
        return new Turn(this, tenant);
    }

    private void acquire(TenantId tenant) {
        long start = System.nanoTime();
        try {
            Waiter waiter = new Waiter();
            turns.add(tenant, waiter);
            handOut();
            boolean given;
            try {
                given = waiter.given.await(maxWaitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                given = false;
            }
            if (given || !turns.withdraw(tenant, waiter)) {
                return; // given, possibly just as the wait ended
            }
            throw new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE,
                    "the service is busy; no turn to run the request came within "
                            + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms",
                    Duration.ofSeconds(1));
        } finally {
            waitTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private void giveBack(TenantId tenant) {
        turns.release(tenant, false);
        handOut();
    }

    /** Gives the free turns to waiting requests: the tenant with the fewest running first (FairTurns). */
    private void handOut() {
        for (FairTurns.Turn<TenantId, Waiter> turn; (turn = turns.poll(1)) != null;) {
            turn.items().get(0).given.countDown();
        }
    }

    int waitingRequests() {
        return turns.size();
    }

    /** Turns nobody holds (the taken gauge, and tests). */
    int concurrency() {
        return concurrency;
    }

    int free() {
        return concurrency - turns.running();
    }

    /** The running requests of a tenant on this instance (for tests). */
    int running(TenantId tenant) {
        return turns.running(tenant);
    }

    /**
     * One request's turn. Given back once, by whichever comes first: the response filter or the end of the response.
     * {@link #stepAside} gives it back while the request waits for work that runs elsewhere.
     */
    public static final class Turn implements AutoCloseable {

        private enum State { HELD, ASIDE, RETAKING, CLOSED }

        private final RequestTurns turns;
        private final TenantId tenant;
        private State state = State.HELD;

        private Turn(RequestTurns turns, TenantId tenant) {
            this.turns = turns;
            this.tenant = tenant;
        }

        /**
         * Runs {@code wait} without holding the turn: for a request that waits on work done elsewhere (the AI provider on
         * the background workers), so that its waiting does not keep other requests from running. Takes a turn again
         * before it returns.
         */
        public <T> T stepAside(Supplier<T> wait) {
            synchronized (this) {
                if (state != State.HELD) {
                    return wait.get();
                }
                state = State.ASIDE;
            }
            turns.giveBack(tenant);
            try {
                return wait.get();
            } finally {
                retake();
            }
        }

        private void retake() {
            synchronized (this) {
                if (state != State.ASIDE) {
                    return; // closed meanwhile: the request is over
                }
                state = State.RETAKING;
            }
            boolean taken = false;
            try {
                turns.acquire(tenant);
                taken = true;
            } finally {
                boolean giveBack;
                synchronized (this) {
                    giveBack = taken && state == State.CLOSED;
                    if (state == State.RETAKING) {
                        state = taken ? State.HELD : State.CLOSED;
                    }
                }
                if (giveBack) {
                    turns.giveBack(tenant);
                }
            }
        }

        @Override
        public void close() {
            boolean held;
            synchronized (this) {
                held = state == State.HELD;
                state = State.CLOSED; // while RETAKING, retake() gives the new turn back
            }
            if (held) {
                turns.giveBack(tenant);
            }
        }
    }
}
