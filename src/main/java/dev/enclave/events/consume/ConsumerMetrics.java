package dev.enclave.events.consume;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Per-consumer gauges of the reading side: lag on the broker, connection, client restarts. */
final class ConsumerMetrics {

    private ConsumerMetrics() {
    }

    static void register(MeterRegistry metrics, KafkaEventSource source) {
        String consumer = source.channel().name();
        Gauge.builder("enclave.events.consumer.lag", source, KafkaEventSource::lag)
                .description("Records on the broker this consumer has not read yet").tag("consumer", consumer).register(metrics);
        Gauge.builder("enclave.events.consumer.connected", source, s -> s.connected() ? 1 : 0)
                .description("1 while the consumer's Kafka client has a connection to the broker").tag("consumer", consumer)
                .register(metrics);
        FunctionCounter.builder("enclave.events.consumer.restarts", source, KafkaEventSource::restarts)
                .description("Kafka clients of this consumer that failed and were replaced").tag("consumer", consumer)
                .register(metrics);
    }
}
