package dev.enclave.events.pipeline;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.events.consume.EventConsumers;
import dev.enclave.events.outbox.OutboxRelay;

/**
 * The event pipeline's state as other features may read it (the operator console): the same numbers as the
 * {@code event-pipeline} readiness data and the metrics, from the relay's last poll and each consumer's client.
 */
@ApplicationScoped
public class EventPipelineStatus {

    /** One consumer: records not yet read, whether its client reaches the broker, client restarts so far. */
    public record Consumer(String name, long lag, boolean connected, long restarts) {
    }

    /** The outbox backlog (all tenants) and the age of its oldest event, and every started consumer. */
    public record Snapshot(long outboxPending, double outboxOldestSeconds, List<Consumer> consumers) {
    }

    private final OutboxRelay relay;
    private final EventConsumers consumers;

    EventPipelineStatus(OutboxRelay relay, EventConsumers consumers) {
        this.relay = relay;
        this.consumers = consumers;
    }

    public Snapshot snapshot() {
        List<Consumer> states = consumers.sources().stream()
                .map(s -> new Consumer(s.channel().name(), s.lag(), s.connected(), s.restarts()))
                .toList();
        return new Snapshot(relay.pending(), relay.oldestPendingSeconds(), states);
    }
}
