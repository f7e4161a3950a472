package dev.enclave.events;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Records in the relay's format (key, event headers, tenant, signature) for tests that play Enclave's relay on a
 * topic, or another client on the broker: {@link #unsigned} carries every header but the signature.
 */
public final class SignedRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SignedRecords() {
    }

    /** As the relay publishes it, signed with this run's key; event id, type and time are taken from the value. */
    public static ProducerRecord<String, String> signed(String topic, String tenant, String key, String value) {
        return sign(unsigned(topic, tenant, key, value));
    }

    /**
     * Adds the relay's signature over the record as it is (its topic, headers, key and value, whatever they say),
     * replacing any signature it had.
     */
    public static ProducerRecord<String, String> sign(ProducerRecord<String, String> record) {
        record.headers().remove(EventChannels.SIGNATURE);
        record.headers().add(EventChannels.SIGNATURE, relaysKey().sign(record.topic(), header(record, EventChannels.TENANT_ID),
                header(record, EventChannels.EVENT_ID), header(record, EventChannels.EVENT_TYPE),
                header(record, EventChannels.OCCURRED_AT), record.key(), record.value()).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** The relay's current key and key id in this run (application.properties, %test). */
    public static EventSignature relaysKey() {
        var config = ConfigProvider.getConfig();
        return new EventSignature(config.getOptionalValue("enclave.events.signing.key-id", String.class).orElse("k1"),
                config.getValue("enclave.events.signing-key", String.class));
    }

    /** Every header the relay sets (tenant only when not null) except the signature. */
    public static ProducerRecord<String, String> unsigned(String topic, String tenant, String key, String value) {
        JsonNode event;
        try {
            event = JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("not an event value: " + value, e);
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (tenant != null) {
            record.headers().add(EventChannels.TENANT_ID, tenant.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(EventChannels.EVENT_ID, event.path("eventId").asText().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventChannels.EVENT_TYPE, event.path("type").asText().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventChannels.OCCURRED_AT, event.path("occurredAt").asText().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
