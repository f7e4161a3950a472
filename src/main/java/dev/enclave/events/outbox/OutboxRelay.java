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
 * {@code outbox_pending()} every poll interval (other instances' writes, rows left over after a failure or restart).
 * Kafka down: the pass fails, the rows stay pending, the tenant is retried with backoff (at most 5 s).
 * A tenant that is not served ({@code TenantStatus.served}: suspended, provisioning, offboarding...) is held: its
 * rows stay pending and are published once it is served again (the registry is read cached, at most 2 s old).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
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

    private final FairTurns<String, Void> tenants = FairTurns.oneAtATime();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final OncePer<TenantId> purges = new OncePer<>(PURGE_EVERY, System::nanoTime);
    private volatile Map<String, Long> pendingByTenant = Map.of();
    private volatile long pending;
    private volatile double oldestPendingSeconds;
    private volatile boolean running;
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private Counter published;

    OutboxRelay(EventsConfig config, OutboxRepository outbox, OutboxPublisher publisher, TenantScope scope,
            MeterRegistry metrics, TenantStats stats, TenantRegistry registry) {
        this.registry = registry;
        this.config = config.relay();
        this.outbox = outbox;
        this.publisher = publisher;
        this.scope = scope;
        this.metrics = metrics;
        this.stats = stats;
        this.pace = publishPace(this.config.tenantEventsPerSecond());
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
        tenants.signal(tenant.value());
    }

    /** The tenant's unpublished events, as of the last poll. */
    public long pendingOf(TenantId tenant) {
        return pendingByTenant.getOrDefault(tenant.value(), 0L);
    }

    /** Everything pending (all tenants), as of the last poll. */
    public long pending() {
        return pending;
    }

    private void poll() {
        try {
            long total = 0;
            OffsetDateTime oldest = null;
            Map<String, Long> byTenant = new java.util.HashMap<>();
            for (OutboxRepository.Backlog backlog : outbox.backlog()) {
                total += backlog.pending();
                byTenant.put(backlog.tenant(), backlog.pending());
                if (oldest == null || backlog.oldest().isBefore(oldest)) {
                    oldest = backlog.oldest();
                }
                tenants.signal(backlog.tenant());
                stats.outboxBacklog(backlog.tenant(), backlog.pending());
            }
            pending = total;
            pendingByTenant = Map.copyOf(byTenant);
            oldestPendingSeconds = oldest == null ? 0
                    : Math.max(0, Duration.between(oldest, OffsetDateTime.now(ZoneOffset.UTC)).toMillis() / 1000.0);
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
            try {
                outcome = pass(new TenantId(key));
            } catch (RuntimeException e) {
                LOG.warnf("outbox pass for tenant %s failed: %s", key, e.toString());
                outcome = Outcome.FAILED;
            }
            tenants.release(key, outcome == Outcome.MORE);
            switch (outcome) {
                case LOCKED -> later(key, 100);
                case PACED -> later(key, pace.millisUntilFull(key));
                case FAILED -> later(key, backoff(key));
                default -> failures.remove(key);
            }
        }
    }

    /** One pass over one tenant's outbox; package-private for tests. */
    Outcome pass(TenantId tenant) {
        if (!registry.registration(tenant).map(r -> r.status().served()).orElse(false)) {
            return Outcome.HELD;
        }
        int budget = pace.available(tenant.value(), config.batchSize());
        if (budget == 0) {
            return Outcome.PACED;
        }
        return scope.runAs(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            if (!outbox.tryLock()) {
                return Outcome.LOCKED;
            }
            List<OutboxEntity> rows = outbox.pending(budget);
            if (rows.isEmpty()) {
                purge(tenant);
                return Outcome.DONE;
            }
            SendWindow.Sent sent = SendWindow.send(rows, config.maxInFlight(), publisher::publish,
                    System.nanoTime() + config.sendTimeout().toNanos());
            List<UUID> done = sent.done();
            Throwable failure = sent.failure();
            outbox.markPublished(done);
            published.increment(done.size());
            stats.eventsPublished(tenant, done.size());
            pace.spend(tenant.value(), done.size());
            if (failure != null) {
                LOG.warnf("tenant %s: %d of %d events not published yet: %s", tenant, rows.size() - done.size(),
                        rows.size(), failure.toString());
                return Outcome.FAILED;
            }
            if (rows.size() < budget) {
                return Outcome.DONE;
            }
            return budget < config.batchSize() ? Outcome.PACED : Outcome.MORE;
        }));
    }

    private void purge(TenantId tenant) {
        if (purges.due(tenant)) {
            outbox.purgePublishedBefore(OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention()));
        }
    }

    /**
     * How fast one tenant's outbox may drain on this instance ({@code tenant-events-per-second}, 0 = no limit).
     * A tenant's backlog of 50,000 events then drains at that pace instead of taking every core the relay, the
     * broker, the consumers and the database have, which is what delayed another tenant's few events on a small
     * machine even with fair turns (bench/events.sh). Per instance: a tenant's passes move between instances
     * (advisory lock), so N instances may publish up to N times the pace.
     */
    static Pace<String> publishPace(int eventsPerSecond) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("enclave.events.relay.tenant-events-per-second must not be negative");
        }
        return new Pace<>(eventsPerSecond, System::nanoTime);
    }

    private long backoff(String key) {
        int n = failures.merge(key, 1, Integer::sum);
        return Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(n, 10));
    }

    private void later(String key, long millis) {
        try {
            timer.schedule(() -> tenants.signal(key), millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the rows stay pending for the next start
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
