package dev.enclave.events.outbox;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import dev.enclave.events.EventsConfig;
import dev.enclave.fairness.FairTurns;
import dev.enclave.fairness.OncePer;
import dev.enclave.fairness.Pace;
import dev.enclave.fairness.RecentRate;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.stats.TenantStats;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantRegistry;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.tracing.TraceContexts;

/**
 * Publishes the outbox to Kafka, one tenant at a time per worker and never one tenant on two workers or two
 * instances (advisory lock), in seq order, one event per aggregate in flight, so per-aggregate order holds even
 * when a send fails and a later one succeeds. Tenants take turns: a pass publishes at
 * most {@code batch-size} events of one tenant, then the tenant goes to the back of the line, so a tenant with a
 * huge backlog delays another's events by at most one pass.
 * <p>
 * Each pass runs under {@code TenantScope.runAs(tenant)}: the relay reads the outbox through RLS like a request of
 * that tenant would. Which tenants have work comes from commits on this instance (woken right away) and from
 * {@code outbox_pending_tenants()} every poll interval (other instances' writes, rows left over after a failure or
 * restart); {@code outbox_pending()} counts the backlog every {@code count-interval} (metrics, stats).
 * Kafka down: the pass fails, the rows stay pending, the tenant is retried with backoff (at most 5 s).
 * A tenant that is not served ({@code TenantStatus.served}: suspended, provisioning, offboarding...) is held: its
 * rows stay pending and are published once it is served again (the registry is read cached, at most 2 s old).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * One DEBUG line per pass with where its time went (bench/events.sh turns it on to find what delays a quiet
     * tenant's events during another's flood; bench/events/timings.py reads it). Off by default.
     */
    private static final Logger TIMINGS = Logger.getLogger("dev.enclave.events.timings");
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    enum Outcome {
        /** Published a full batch; more may be waiting. */
        MORE,
        /** Nothing left. */
        DONE,
        /** Another instance is publishing this tenant right now. */
        LOCKED,
        /** The tenant used its publishing pace ({@link #publishPace}); more may be waiting. */
        PACED,
        /** The broker did not take some events; they stay pending. */
        FAILED,
        /**
         * The tenant is not served (suspended, provisioning, offboarding...): its events stay pending, so that they are
         * applied once it is served again, not dead-lettered by the consumers. The next poll looks again.
         */
        HELD
    }

    private final EventsConfig.Relay config;
    private final OutboxRepository outbox;
    private final OutboxPublisher publisher;
    private final TenantScope scope;
    private final MeterRegistry metrics;
    private final Pace<String> pace;
    private final TenantStats stats;
    private final TenantRegistry registry;

    private final FairTurns<String, Void> tenants;
    /** Tenants publishing fast (a flood at its pace) are bulk: their next pass yields to quiet tenants' passes. */
    private final RecentRate<String> bulk;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final OncePer<TenantId> purges = new OncePer<>(PURGE_EVERY, System::nanoTime);
    private volatile Map<String, Long> pendingByTenant = Map.of();
    private volatile long pending;
    private volatile double oldestPendingSeconds;
    private volatile boolean running;
    private long lastCountNanos = System.nanoTime() - Long.MAX_VALUE / 2; // the first poll counts
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private Counter published;

    OutboxRelay(EventsConfig config, OutboxRepository outbox, OutboxPublisher publisher, TenantScope scope,
            MeterRegistry metrics, TenantStats stats, TenantRegistry registry, SharedPace shared, LimitsConfig limits) {
        this.registry = registry;
        this.config = config.relay();
        this.outbox = outbox;
        this.publisher = publisher;
        this.scope = scope;
        this.metrics = metrics;
        this.stats = stats;
        this.pace = publishPace(this.config.tenantEventsPerSecond(), this.config.sharedPace() ? shared : null,
                limits.redis().retryInterval().toNanos());
        this.tenants = FairTurns.oneAtATime(config.bulk().yield().toNanos());
        this.bulk = new RecentRate<>(config.bulk().eventsPerSecond(), System::nanoTime);
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("enclave.outbox.pending", this, r -> r.pending)
                .description("Domain events recorded but not yet published to Kafka (all tenants)").register(metrics);
        Gauge.builder("enclave.outbox.oldest.pending.seconds", this, r -> r.oldestPendingSeconds)
                .description("Age of the oldest unpublished domain event").register(metrics);
        published = Counter.builder("enclave.events.published").description("Domain events published to Kafka")
                .register(metrics);
        running = true;
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.workers(), r -> daemon(r, "outbox-relay-" + n.incrementAndGet()));
        for (int i = 0; i < config.workers(); i++) {
            workers.execute(TraceContexts.untraced(this::work)); // each event's send is traced, in its own trace
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "outbox-relay-timer"));
        timer.scheduleWithFixedDelay(TraceContexts.untraced(this::poll), 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (timer != null) {
            timer.shutdownNow();
        }
        if (workers != null) {
            workers.shutdown();
            try {
                if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                    workers.shutdownNow(); // unpublished rows stay pending for the next start
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Age of the oldest unpublished event, as of the last poll. */
    public double oldestPendingSeconds() {
        return oldestPendingSeconds;
    }

    /** A transaction of this tenant committed events: publish them now rather than at the next poll. */
    void wake(TenantId tenant) {
        signal(tenant.value());
    }

    private void signal(String tenant) {
        tenants.signal(tenant, bulk.busy(tenant));
    }

    /** The tenant's unpublished events, as of the last count ({@code count-interval}). */
    public long pendingOf(TenantId tenant) {
        return pendingByTenant.getOrDefault(tenant.value(), 0L);
    }

    /** Everything pending (all tenants), as of the last count ({@code count-interval}). */
    public long pending() {
        return pending;
    }

    /**
     * Which tenants have work (signalled) and since when, every poll; how many events each, every
     * {@code count-interval}: counting reads every pending row, so with a flood's backlog it was the expensive part
     * of the poll (V67).
     */
    private void poll() {
        long started = System.nanoTime();
        try {
            boolean count = started - lastCountNanos >= config.countInterval().toNanos();
            long total = 0;
            OffsetDateTime oldest = null;
            Map<String, Long> byTenant = new java.util.HashMap<>();
            for (OutboxRepository.Backlog backlog : count ? outbox.backlog() : outbox.pendingTenants()) {
                if (oldest == null || backlog.oldest().isBefore(oldest)) {
                    oldest = backlog.oldest();
                }
                signal(backlog.tenant());
                if (count) {
                    total += backlog.pending();
                    byTenant.put(backlog.tenant(), backlog.pending());
                    stats.outboxBacklog(backlog.tenant(), backlog.pending());
                }
            }
            if (count) {
                lastCountNanos = started;
                pending = total;
                pendingByTenant = Map.copyOf(byTenant);
            }
            oldestPendingSeconds = oldest == null ? 0
                    : Math.max(0, Duration.between(oldest, OffsetDateTime.now(ZoneOffset.UTC)).toMillis() / 1000.0);
            if (TIMINGS.isDebugEnabled()) { // the one cross-tenant scan
                TIMINGS.debug(String.format(java.util.Locale.ROOT, "relay-poll at=%d tenant=* counted=%b pending=%d took=%.2f",
                        System.currentTimeMillis(), count, total, (System.nanoTime() - started) / 1e6));
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox poll failed (retried in %s): %s", config.pollInterval(), e.toString());
        }
    }

    private void work() {
        while (running) {
            FairTurns.Turn<String, Void> turn;
            try {
                turn = tenants.take(0, 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (turn == null) {
                continue;
            }
            String key = turn.tenant();
            Outcome outcome;
            PassTimer timer = TIMINGS.isDebugEnabled() ? new PassTimer(turn.waitedNanos()) : null;
            try {
                outcome = pass(new TenantId(key), timer);
            } catch (RuntimeException e) {
                LOG.warnf("outbox pass for tenant %s failed: %s", key, e.toString());
                outcome = Outcome.FAILED;
            }
            if (timer != null) {
                timer.log(key, outcome);
            }
            if (outcome == Outcome.MORE) {
                tenants.mark(key, bulk.busy(key));
            }
            tenants.release(key, outcome == Outcome.MORE);
            switch (outcome) {
                // another instance's pass of the tenant (often its poll's): a quiet tenant's new events should not
                // wait 100 ms for it (seen with two instances: a third of the quiet tenant's passes were LOCKED)
                case LOCKED -> later(key, bulk.busy(key) ? 100 : 10);
                case PACED -> later(key, pace.millisUntilFull(key));
                case FAILED -> later(key, backoff(key));
                default -> failures.remove(key);
            }
        }
    }

    /** One pass over one tenant's outbox; package-private for tests. */
    Outcome pass(TenantId tenant) {
        return pass(tenant, null);
    }

    private Outcome pass(TenantId tenant, PassTimer timer) {
        if (!registry.registration(tenant).map(r -> r.status().served()).orElse(false)) {
            return Outcome.HELD;
        }
        return scope.runAs(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            PassTimer.mark(timer, 0);
            if (!outbox.tryLock()) {
                return Outcome.LOCKED; // before the pace: a pass that cannot run costs the shared bucket nothing
            }
            PassTimer.mark(timer, 1);
            int budget = pace.take(tenant.value(), config.batchSize());
            if (budget == 0) {
                return Outcome.PACED;
            }
            int[] used = { 0 };
            try {
                return publish(tenant, budget, used, timer);
            } finally {
                pace.giveBack(tenant.value(), budget - used[0]); // a quiet tenant's pass is charged what it sent
            }
        }));
    }

    /** Under the tenant's lock, in its transaction: publishes at most {@code budget} rows. */
    private Outcome publish(TenantId tenant, int budget, int[] used, PassTimer timer) {
        PassTimer.mark(timer, 2);
        List<OutboxEntity> rows = outbox.pending(budget);
        PassTimer.mark(timer, 3);
        if (timer != null) {
            timer.rows = rows.size();
        }
        if (rows.isEmpty()) {
            purge(tenant);
            return Outcome.DONE;
        }
        SendWindow.Sent sent = SendWindow.send(rows, config.maxInFlight(), publisher::publish,
                System.nanoTime() + config.sendTimeout().toNanos());
        PassTimer.mark(timer, 4);
        List<UUID> done = sent.done();
        Throwable failure = sent.failure();
        outbox.markPublished(done);
        PassTimer.mark(timer, 5);
        used[0] = done.size();
        bulk.add(tenant.value(), done.size());
        published.increment(done.size());
        stats.eventsPublished(tenant, done.size());
        if (failure != null) {
            LOG.warnf("tenant %s: %d of %d events not published yet: %s", tenant, rows.size() - done.size(),
                    rows.size(), failure.toString());
            return Outcome.FAILED;
        }
        if (rows.size() < budget) {
            return Outcome.DONE;
        }
        return budget < config.batchSize() ? Outcome.PACED : Outcome.MORE;
    }

    private void purge(TenantId tenant) {
        if (purges.due(tenant)) {
            outbox.purgePublishedBefore(OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention()));
        }
    }

    /**
     * How fast one tenant's outbox may drain ({@code tenant-events-per-second}, 0 = no limit). A tenant's backlog of
     * 50,000 events then drains at that pace instead of taking every core the relay, the broker, the consumers and
     * the database have, which is what delayed another tenant's few events on a small machine even with fair turns
     * (bench/events.sh). With {@code shared-pace} the bucket is in Redis ({@link SharedPace}): a tenant's passes move
     * between instances (advisory lock), and all of them draw from the one bucket; without it (or while Redis
     * fails) each instance paces alone, so N instances may publish up to N times the pace.
     */
    static Pace<String> publishPace(int eventsPerSecond, SharedPace shared, long retryNanos) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("enclave.events.relay.tenant-events-per-second must not be negative");
        }
        return new Pace<>(eventsPerSecond, System::nanoTime, shared, retryNanos, shared);
    }

    private long backoff(String key) {
        int n = failures.merge(key, 1, Integer::sum);
        return Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(n, 10));
    }

    private void later(String key, long millis) {
        try {
            timer.schedule(() -> signal(key), millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the rows stay pending for the next start
        }
    }

    /** Where one pass's time went: turn wait, begin, lock, pace (Redis), query, send, mark, commit (ms, DEBUG line). */
    private static final class PassTimer {
        private static final String[] STEPS = { "begin", "lock", "pace", "query", "send", "mark" };
        final long waited;
        final long start = System.nanoTime();
        final long[] at = new long[STEPS.length];
        int rows;

        PassTimer(long waited) {
            this.waited = waited;
        }

        static void mark(PassTimer timer, int step) {
            if (timer != null) {
                timer.at[step] = System.nanoTime();
            }
        }

        void log(String tenant, Outcome outcome) {
            long end = System.nanoTime();
            StringBuilder line = new StringBuilder("relay-pass at=").append(System.currentTimeMillis())
                    .append(" tenant=").append(tenant).append(" outcome=").append(outcome).append(" rows=").append(rows)
                    .append(" waited=").append(ms(waited));
            long previous = start;
            for (int i = 0; i < STEPS.length; i++) {
                if (at[i] == 0) {
                    break;
                }
                line.append(' ').append(STEPS[i]).append('=').append(ms(at[i] - previous));
                previous = at[i];
            }
            TIMINGS.debug(line.append(" rest=").append(ms(end - previous)).append(" total=").append(ms(end - start)));
        }

        private static String ms(long nanos) {
            return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
