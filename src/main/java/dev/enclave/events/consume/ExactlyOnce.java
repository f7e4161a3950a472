package dev.enclave.events.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.EventRetryLater;
import dev.enclave.events.EventsConfig;

/**
 * Applies a consumer's events exactly once: ONE transaction claims their ids (processed_events, per consumer) and
 * runs the handler on the fresh ones, so an event is applied with its id recorded or not at all. Deferred and
 * passing database failures are retried in place for as long as the consumer runs.
 */
final class ExactlyOnce {

    private static final Logger LOG = Logger.getLogger(ExactlyOnce.class);

    private record Applied(List<DomainEvent> events) {
    }

    private final String consumer;
    private final DomainEventHandler handler;
    private final EventConsumers deps;
    private final EventsConfig.Consumer config;
    private final BooleanSupplier running;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter retries;
    private final Timer lag;

    ExactlyOnce(String consumer, DomainEventHandler handler, EventConsumers deps, BooleanSupplier running) {
        this.consumer = consumer;
        this.handler = handler;
        this.deps = deps;
        this.config = deps.config.consumer();
        this.running = running;
        this.applied = Counter.builder("enclave.events.consumed").description("Domain events applied by a consumer")
                .tag("consumer", consumer).register(deps.metrics);
        this.duplicates = Counter.builder("enclave.events.duplicates")
                .description("Redelivered domain events a consumer had already applied (skipped)")
                .tag("consumer", consumer).register(deps.metrics);
        this.retries = Counter.builder("enclave.events.retries")
                .description("Attempts a consumer's handler deferred with EventRetryLater (a dependency was down)")
                .tag("consumer", consumer).register(deps.metrics);
        this.lag = Timer.builder("enclave.events.lag").description("From the domain change to its event being applied")
                .tag("consumer", consumer).publishPercentileHistogram().register(deps.metrics);
    }

    /**
     * Database trouble that passes ({@link DatabaseTrouble}) and {@link EventRetryLater} are retried
     * in place, not dead-lettered. Every attempt is a new transaction, so a deferred attempt leaves no processed ids.
     * Returns normally only once applied; throws when the failure is permanent or the consumer stops.
     */
    void apply(List<DomainEvent> parsed) {
        Duration later = config.retryInitialBackoff();
        for (int attempt = 1;; attempt++) {
            try {
                Applied result = QuarkusTransaction.requiringNew().call(() -> claimAndHandle(parsed));
                Instant now = Instant.now(); // committed: the events are visible in the derived output from here
                applied.increment(result.events().size());
                deps.stats.eventsApplied(result.events().size());
                duplicates.increment(parsed.size() - result.events().size());
                for (DomainEvent e : result.events()) {
                    lag.record(Duration.between(e.occurredAt(), now));
                }
                return;
            } catch (RuntimeException e) {
                EventRetryLater deferred = cause(e, EventRetryLater.class);
                if (deferred != null && running.getAsBoolean()) {
                    retries.increment();
                    LOG.warnf("consumer %s: %d event(s) deferred (%s), retrying in %d ms", consumer, parsed.size(),
                            deferred.getMessage(), later.toMillis());
                    pause(later, e);
                    later = later.multipliedBy(2).compareTo(config.retryMaxBackoff()) > 0 ? config.retryMaxBackoff()
                            : later.multipliedBy(2);
                    continue;
                }
                if (!running.getAsBoolean() || !deps.databaseTrouble.passing(e, attempt)) {
                    throw e;
                }
                long wait = Math.min(5_000, 100L << Math.min(attempt, 6));
                LOG.warnf("consumer %s: transient failure, retrying in %d ms: %s", consumer, wait, e.toString());
                pause(Duration.ofMillis(wait), e);
            }
        }
    }

    /** Waits, but gives up (rethrowing the failure) as soon as the consumer stops: the events stay unacknowledged. */
    void pause(Duration wait, RuntimeException failure) {
        long until = System.nanoTime() + wait.toNanos();
        try {
            for (long left = wait.toNanos(); left > 0 && running.getAsBoolean(); left = until - System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure;
        }
        if (!running.getAsBoolean()) {
            throw failure;
        }
    }

    static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private Applied claimAndHandle(List<DomainEvent> parsed) {
        // A turn inserts up to chunk-size rows per table: send them to the database in batches, not one by one.
        deps.entityManager.unwrap(org.hibernate.Session.class).setJdbcBatchSize(config.chunkSize());
        List<UUID> ids = parsed.stream().map(DomainEvent::eventId).toList();
        Set<UUID> fresh = new HashSet<>(deps.processed.claim(consumer, ids));
        List<DomainEvent> events = new ArrayList<>(fresh.size());
        for (DomainEvent p : parsed) {
            if (fresh.remove(p.eventId())) { // remove: the same event twice in one turn counts once
                events.add(p);
            }
        }
        if (!events.isEmpty()) {
            handler.handle(events);
        }
        return new Applied(events);
    }
}
