package dev.enclave.events.consume;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import org.jboss.logging.Logger;

import dev.enclave.audit.AuditLog;
import dev.enclave.events.EventsConfig;

/**
 * The audit of records refused before their signature verified (no or malformed tenant, unsigned, bad signature),
 * shared by all consumers. Anyone on the broker can write such records, as many as they like, naming any tenant:
 * audited one by one, each by every consumer, they would let a forger write the audit log at will and put a tenant's
 * name on it. So they are counted per topic and reason, each record once however many consumers read it, and
 * written as one audit record per topic and reason per window ({@code unverified-audit-window}), with no target
 * tenant: {@code resource} is {@code event-records?topic=<topic>&count=<n>}, {@code action} {@code consume:unverified}.
 * Every one of them is still dead-lettered by every consumer (the dead-letter topic has them all).
 */
@ApplicationScoped
public class UnverifiedRecords {

    static final String ACTION = "consume:unverified";
    private static final Logger LOG = Logger.getLogger(UnverifiedRecords.class);
    /** Positions remembered to count a record once across consumers; when full they are forgotten (a record may then count twice). */
    private static final int REMEMBERED = 20_000;

    private record Tally(String topic, String reason) {
    }

    private final AuditLog audit;
    private final ScheduledExecutorService flusher;
    private Map<Tally, Long> counts = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();

    UnverifiedRecords(AuditLog audit, EventsConfig config) {
        this.audit = audit;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "unverified-records-audit");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, config.consumer().unverifiedAuditWindow().toMillis());
        flusher.scheduleAtFixedRate(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Counts one refused record; {@code position} ({@code topic-partition@offset}, null when unknown) makes the other
     * consumers of the topic, which see the same record, not count it again.
     */
    synchronized void refused(String topic, String position, String reason) {
        if (position != null) {
            if (seen.size() >= REMEMBERED) {
                seen.clear(); // bounded memory under a flood: only the count's precision suffers
            }
            if (!seen.add(position)) {
                return;
            }
        }
        counts.merge(new Tally(topic, reason), 1L, Long::sum);
    }

    /** Writes what was counted since the last flush: one audit record per topic and reason. */
    void flush() {
        Map<Tally, Long> due;
        synchronized (this) {
            if (counts.isEmpty()) {
                return;
            }
            due = counts;
            counts = new LinkedHashMap<>();
        }
        due.forEach((tally, count) -> {
            try {
                audit.denied("event-records?topic=" + tally.topic() + "&count=" + count, ACTION, null, tally.reason());
            } catch (RuntimeException e) {
                LOG.errorf("could not audit %d unverified records (%s) on %s, kept for the next window: %s", count,
                        tally.reason(), tally.topic(), e.toString());
                synchronized (this) {
                    counts.merge(tally, count, Long::sum);
                }
            }
        });
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.errorf(e, "audit of unverified records failed");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        flusher.shutdownNow();
        flushQuietly(); // what the last window counted
    }
}
