package dev.enclave.tenancy.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.SubscriberDecorator;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.enclave.events.EventChannels;
import dev.enclave.events.EventMetadata;
import dev.enclave.events.EventSignature;
import dev.enclave.tenancy.NoTenantException;
import dev.enclave.tenancy.TenantId;

/**
 * The outgoing interceptor of every outgoing connector channel: stamps {@code tenant-id} (from the sender's
 * context, the {@link TenantId} as message metadata), the event headers and the signature, and refuses, by nacking and dropping it,
 * a message that has no tenant or whose key names another tenant.
 * <p>
 * It is a SmallRye {@link SubscriberDecorator} (the API {@code OutgoingInterceptor} is built on) rather than an
 * {@code OutgoingInterceptor}: an interceptor can rewrite a message but not drop it, and an exception thrown from
 * it terminates the channel, so it could not refuse one message and keep sending the next.
 */
@ApplicationScoped
public class OutgoingTenantGuard implements SubscriberDecorator {

    private static final Logger LOG = Logger.getLogger(OutgoingTenantGuard.class);

    private final EventSignature signature;
    private final MeterRegistry metrics;
    private final Config config;

    OutgoingTenantGuard(EventSignature signature, MeterRegistry metrics, Config config) {
        this.signature = signature;
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    public int getPriority() {
        return 1000; // before SmallRye's interceptor decorator (2000): they see the stamped record
    }

    @Override
    public Multi<? extends Message<?>> decorate(Multi<? extends Message<?>> toBeSubscribed, List<String> channelName,
            boolean isConnector) {
        String channel = channelName.get(0);
        if (!isConnector) {
            return toBeSubscribed; // dead letters do not pass here: DeadLetters writes them as they were received
        }
        return toBeSubscribed.filter(message -> admit(channel, message)).map(m -> stamp(channel, m));
    }

    private boolean admit(String channel, Message<?> message) {
        Optional<TenantId> tenant = message.getMetadata(TenantId.class);
        String refusal = null;
        if (tenant.isEmpty()) {
            refusal = "no tenant in the sender's context";
        } else if (!keyBelongsTo(message, tenant.get())) {
            refusal = "the record key names another tenant";
        } else if (!(message.getPayload() instanceof String)) {
            refusal = "the payload is not JSON text";
        }
        if (refusal == null) {
            return true;
        }
        LOG.errorf("refused to send a message on channel %s: %s", channel, refusal);
        metrics.counter("enclave.events.refused", "channel", channel).increment();
        message.nack(new NoTenantException("refused to send on " + channel + ": " + refusal));
        return false;
    }

    private static boolean keyBelongsTo(Message<?> message, TenantId tenant) {
        Object key = message.getMetadata(OutgoingKafkaRecordMetadata.class).map(OutgoingKafkaRecordMetadata::getKey)
                .orElse(null);
        return key == null || (key instanceof String k && k.startsWith(tenant.value() + ":"));
    }

    private Message<?> stamp(String channel, Message<?> message) {
        TenantId tenant = message.getMetadata(TenantId.class).orElseThrow();
        Optional<EventMetadata> event = message.getMetadata(EventMetadata.class);
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<Object> kafka = message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .orElse(OutgoingKafkaRecordMetadata.builder().build());
        String key = kafka.getKey() == null ? null : kafka.getKey().toString();
        String eventId = event.map(e -> e.eventId().toString()).orElse(null);
        String type = event.map(EventMetadata::type).orElse(null);
        String occurredAt = event.map(e -> e.occurredAt().toString()).orElse(null);

        RecordHeaders headers = new RecordHeaders();
        if (kafka.getHeaders() != null) {
            kafka.getHeaders().forEach(h -> {
                if (!isOurs(h.key())) {
                    headers.add(h); // the sender cannot pre-set the tenant or the signature
                }
            });
        }
        add(headers, EventChannels.TENANT_ID, tenant.value());
        add(headers, EventChannels.EVENT_ID, eventId);
        add(headers, EventChannels.EVENT_TYPE, type);
        add(headers, EventChannels.OCCURRED_AT, occurredAt);
        add(headers, EventChannels.TRACEPARENT, event.map(EventMetadata::traceparent).orElse(null));
        add(headers, EventChannels.SIGNATURE, signature.sign(topic(channel, kafka), tenant.value(), eventId, type, occurredAt,
                key, (String) message.getPayload()));

        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<Object> stamped = OutgoingKafkaRecordMetadata
                .from(kafka).withHeaders(headers);
        return message.addMetadata(stamped.build());
    }

    /**
     * The topic the connector will write to, signed so a record copied to another topic does not verify there: the
     * message's own topic, else the channel's {@code topic} attribute, else the channel's name (the connector's rule).
     */
    private String topic(String channel, OutgoingKafkaRecordMetadata<?> kafka) {
        if (kafka.getTopic() != null) {
            return kafka.getTopic();
        }
        return config.getOptionalValue("mp.messaging.outgoing." + channel + ".topic", String.class).orElse(channel);
    }

    private static boolean isOurs(String header) {
        return switch (header) {
            case EventChannels.TENANT_ID, EventChannels.EVENT_ID, EventChannels.EVENT_TYPE, EventChannels.OCCURRED_AT,
                    EventChannels.TRACEPARENT, EventChannels.SIGNATURE -> true;
            default -> false;
        };
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
