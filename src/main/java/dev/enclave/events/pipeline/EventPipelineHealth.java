package dev.enclave.events.pipeline;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.enclave.events.consume.EventConsumers;
import dev.enclave.events.consume.KafkaEventSource;
import dev.enclave.events.outbox.OutboxRelay;

/**
 * The event pipeline as data in readiness, never as a reason to leave rotation: with the broker away, writes go on
 * into the outbox and are published later, so the API is still served. Shows whether the consumers reach the
 * broker, the outbox backlog and its age, and each consumer's lag and client restarts.
 */
@Readiness
@ApplicationScoped
class EventPipelineHealth implements HealthCheck {

    private final EventConsumers consumers;
    private final OutboxRelay relay;

    EventPipelineHealth(EventConsumers consumers, OutboxRelay relay) {
        this.consumers = consumers;
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        boolean broker = false;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event-pipeline").up()
                .withData("outbox-pending", relay.pending())
                .withData("outbox-oldest-seconds", Math.round(relay.oldestPendingSeconds()));
        for (KafkaEventSource source : consumers.sources()) {
            String name = source.channel().name();
            broker |= source.connected();
            response.withData(name + "-lag", source.lag()).withData(name + "-restarts", source.restarts());
        }
        return response.withData("broker-reachable", broker)
                .withData("mode", broker ? "ok" : "degraded: writes wait in the outbox, consumers catch up when the broker is back")
                .build();
    }
}
