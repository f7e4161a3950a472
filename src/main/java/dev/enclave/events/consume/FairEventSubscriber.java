package dev.enclave.events.consume;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.EventRejection;
import dev.enclave.events.EventRetryLater;
import dev.enclave.events.EventVerdict;
import dev.enclave.events.EventsConfig;
import dev.enclave.events.MalformedEventException;
import dev.enclave.fairness.FairTurns;
import dev.enclave.fairness.OncePer;
import dev.enclave.fairness.RecentRate;
import dev.enclave.tenancy.TenantId;

/**
 * One consumer's intake and workers. Records are read ahead (up to {@code max-buffered}) into per-tenant queues,
 * so a tenant's backlog leaves the shared partition and waits in its own queue; workers then serve tenants in turns
 * ({@link FairTurns}): at most {@code chunk-size} events of one tenant per turn, never one tenant on two workers.
 * A turn runs in the tenant's context ({@code TenantScope.runAs}) and ONE transaction that records the events as
 * processed (de-duplication by event id) and applies them ({@link ExactlyOnce}). Records that fail the checks go to
 * the dead-letter topic with the reason, and to the audit log (unverified ones counted, not one by one); they are
 * never processed. Records of a tenant that is not served now but may be again (suspended...) are held, neither
 * acknowledged nor dead-lettered, and served in order once it is ({@code EventAdmission.holds}).
 *
 * <p>A handler that throws {@link EventRetryLater} (a dependency is down) gets the same events again after a
 * growing wait, on the same worker, while the tenant stays taken: its later events wait behind them (per-aggregate
 * order holds) and nothing is acknowledged, so the committed offset never passes them ({@link KafkaEventSource}
 * commits only up to the oldest unfinished record of a partition) and a restart reads them again.
 * Other tenants go on on the other workers; when the dependency is down for everyone (search), every worker ends up
 * waiting, which is what we want: nothing could be applied anyway, and nothing is lost or dead-lettered.
 */
final class FairEventSubscriber implements Flow.Subscriber<Message<String>> {

    private static final Logger LOG = Logger.getLogger(FairEventSubscriber.class);
    /** Queue of records rejected at intake; not a valid tenant id, so it cannot collide with one. */
    private static final String REJECTED = "!rejected";
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private record Pending(Message<String> message, EventVerdict verdict) {
    }

    private record Parsed(Pending pending, DomainEvent event) {
    }

    private final String consumer;
    private final EventConsumers deps;
    private final EventsConfig.Consumer config;
    private final FairTurns<String, Pending> queue;
    /** Tenants whose records arrive fast (a flood) are bulk: their next turn yields to quiet tenants' turns. */
    private final RecentRate<String> bulk;
    private final OncePer<TenantId> purges = new OncePer<>(PURGE_EVERY, System::nanoTime);
    private final ExactlyOnce once;
    private final HeldRecords<Pending> held = new HeldRecords<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean running;
    private ExecutorService workers;

    FairEventSubscriber(String consumer, DomainEventHandler handler, EventConsumers deps) {
        this.consumer = consumer;
        this.deps = deps;
        this.config = deps.config.consumer();
        this.queue = FairTurns.oneAtATime(deps.config.bulk().yield().toNanos());
        this.bulk = new RecentRate<>(deps.config.bulk().eventsPerSecond(), System::nanoTime);
        this.once = new ExactlyOnce(consumer, handler, deps, () -> running);
        Gauge.builder("enclave.events.buffered", queue, FairTurns::size).description("Records read ahead, not yet processed")
                .tag("consumer", consumer).register(deps.metrics);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        running = true;
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread thread = new Thread(r, consumer + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < config.workers(); i++) {
            workers.execute(this::work);
        }
        subscription.request(config.maxBuffered());
    }

    @Override
    public void onNext(Message<String> message) {
        EventVerdict verdict = deps.admission.check(message);
        String lane = verdict.admitted() ? verdict.tenant().value() : REJECTED;
        queue.add(lane, new Pending(message, verdict), bulk.add(lane, 1));
    }

    @Override
    public void onError(Throwable failure) {
        LOG.errorf(failure, "consumer %s: the channel failed", consumer);
    }

    @Override
    public void onComplete() {
        LOG.infof("consumer %s: the channel completed", consumer);
    }

    void stop() {
        running = false;
        if (workers != null) {
            workers.shutdown();
            try {
                if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                    workers.shutdownNow(); // unacknowledged records are redelivered after the restart
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void work() {
        while (running) {
            FairTurns.Turn<String, Pending> turn;
            try {
                turn = queue.take(config.chunkSize(), 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            held.offerTurns(queue::signal);
            if (turn == null) {
                continue;
            }
            long started = System.nanoTime();
            try {
                if (REJECTED.equals(turn.tenant())) {
                    turn.items().forEach(p -> reject(p, p.verdict().reason()));
                } else {
                    TenantId tenant = new TenantId(turn.tenant());
                    List<Pending> items = held.ahead(turn.tenant(), turn.items());
                    if (!items.isEmpty()) {
                        deps.tracing.consuming(consumer, tenant, items.stream().map(Pending::message).toList(),
                                () -> serveThroughTrouble(tenant, items));
                    }
                }
            } catch (RuntimeException e) {
                // Not expected (serve handles its failures); never lose the worker, and never ack what failed.
                LOG.errorf(e, "consumer %s: turn of %s failed", consumer, turn.tenant());
                if (running) {
                    turn.items().forEach(p -> p.message().nack(e));
                }
            } finally {
                TurnTimings.log(consumer, turn.tenant(), turn.waitedNanos(), started,
                        () -> turn.items().stream().map(Pending::message).toList());
                queue.release(turn.tenant(), false);
                subscription.request(turn.items().size());
            }
        }
    }

    /**
     * Serves the turn again, after a growing pause, while the database is in trouble (e.g. the tenant lookup failed
     * because it is unreachable): nothing of the turn is acked before it is applied, and applying twice is harmless.
     */
    private void serveThroughTrouble(TenantId tenant, List<Pending> items) {
        for (int attempt = 1;; attempt++) {
            try {
                serve(tenant, items);
                return;
            } catch (RuntimeException e) {
                if (!running || !deps.databaseTrouble.passing(e, attempt)) {
                    throw e;
                }
                long wait = Math.min(5_000, 100L << Math.min(attempt, 6));
                LOG.warnf("consumer %s: database trouble, serving %s again in %d ms: %s", consumer, tenant.value(), wait, e.toString());
                once.pause(Duration.ofMillis(wait), e);
            }
        }
    }

    /** One tenant's turn. Decides inside the tenant's context; audits and dead-letters outside it. */
    private void serve(TenantId tenant, List<Pending> items) {
        Map<Pending, String> rejected = new java.util.LinkedHashMap<>();
        List<Pending> done = deps.scope.runAs(tenant, () -> {
            String refusal = deps.admission.registryRefusal(tenant);
            if (refusal != null && deps.admission.holds(tenant)) {
                held.hold(tenant.value(), items);
                return List.<Pending>of();
            }
            if (refusal != null) {
                items.forEach(p -> rejected.put(p, refusal));
                return List.<Pending>of();
            }
            List<Parsed> parsed = new ArrayList<>(items.size());
            for (Pending p : items) {
                DomainEvent event = parse(p);
                if (event == null) {
                    rejected.put(p, EventRejection.MALFORMED_EVENT);
                } else {
                    parsed.add(new Parsed(p, event));
                }
            }
            List<Pending> ok = applyAll(parsed, rejected);
            purgeNowAndThen(tenant);
            return ok;
        });
        for (Pending p : done) {
            p.message().ack();
        }
        rejected.forEach(this::reject);
    }

    /** Applies the events in one transaction; if that fails, one by one, so one poison event cannot block the rest. */
    private List<Pending> applyAll(List<Parsed> parsed, Map<Pending, String> rejected) {
        if (parsed.isEmpty()) {
            return List.of();
        }
        try {
            once.apply(parsed.stream().map(Parsed::event).toList());
            return parsed.stream().map(Parsed::pending).toList();
        } catch (RuntimeException e) {
            if (!running) {
                return List.of(); // shutting down: not acknowledged, so redelivered after the restart
            }
            if (parsed.size() == 1) {
                LOG.warnf("consumer %s: event %s failed, dead-lettered: %s", consumer, parsed.get(0).event().eventId(), e.toString());
                rejected.put(parsed.get(0).pending(), ExactlyOnce.cause(e, MalformedEventException.class) != null
                        ? EventRejection.MALFORMED_EVENT : EventRejection.PROCESSING_FAILED);
                return List.of();
            }
        }
        List<Pending> ok = new ArrayList<>();
        for (Parsed one : parsed) {
            ok.addAll(applyAll(List.of(one), rejected));
        }
        return ok;
    }

    /** The event, or null when the value is not one or names another event id than the (signed) header. */
    private DomainEvent parse(Pending p) {
        try {
            DomainEvent event = DomainEvent.parse(deps.json, p.message().getPayload());
            return event.eventId().equals(p.verdict().eventId()) ? event : null;
        } catch (MalformedEventException e) {
            return null;
        }
    }

    /**
     * Dead-letters a record (DeadLetters writes it to the DLQ topic with the reason header) and audits it: a verified
     * one here, with its tenant; an unverified one only in aggregate and unattributed ({@link UnverifiedRecords}).
     */
    private void reject(Pending p, String reason) {
        try {
            if (p.verdict().unverified()) {
                deps.unverified.refused(topic(p.message()), position(p.message()), reason);
            } else {
                Object id = p.verdict().eventId() != null ? p.verdict().eventId() : position(p.message());
                String resource = "event/" + (id != null ? id : "unknown");
                deps.audit.denied(resource, "consume:" + consumer, p.verdict().tenant(), reason);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "consumer %s: could not audit a rejected record (%s)", consumer, reason);
        }
        deps.metrics.counter("enclave.events.dead.lettered", "consumer", consumer, "reason", reason).increment();
        p.message().nack(new EventRejection(reason));
    }

    private static String topic(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic).orElse("unknown");
    }

    private static String position(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset()).orElse(null);
    }

    private void purgeNowAndThen(TenantId tenant) {
        if (!purges.due(tenant)) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> deps.processed.purgeBefore(
                    OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention())));
        } catch (RuntimeException e) {
            LOG.warnf("consumer %s: purge of processed events failed: %s", consumer, e.toString());
        }
    }

}
