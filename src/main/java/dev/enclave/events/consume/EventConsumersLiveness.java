package dev.enclave.events.consume;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the event consumers: each poll loop still goes round. A broker outage does not stop a loop (it polls
 * and waits), so this fails only when a loop died or hangs, which a restart of the process cures.
 */
@Liveness
@ApplicationScoped
class EventConsumersLiveness implements HealthCheck {

    static final Duration STALL = Duration.ofSeconds(60);

    private final EventConsumers consumers;

    EventConsumersLiveness(EventConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event-consumers").up();
        for (KafkaEventSource source : consumers.sources()) {
            boolean alive = source.alive(STALL);
            response.withData(source.channel().name(), alive ? "polling" : "stopped or stalled for over " + STALL.toSeconds() + " s");
            if (!alive) {
                response.down();
            }
        }
        return response.build();
    }
}
