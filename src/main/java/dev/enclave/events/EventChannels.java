package dev.enclave.events;

/**
 * Channel and header names of the domain-event stream, shared by code, configuration and tests (docs/architecture.md).
 * Topic names are configuration ({@code enclave.events.topic}, {@code enclave.events.dead-letter-topic},
 * {@code enclave.events.channels.<consumer>.*}) so that test runs can use their own; the constants here are the
 * production defaults.
 */
public final class EventChannels {

    /** Outgoing channel: the outbox relay publishes here. */
    public static final String DOMAIN_EVENTS = "domain-events";

    public static final String TOPIC = "enclave.domain-events";
    public static final String DEAD_LETTER_TOPIC = "enclave.domain-events.dlq";

    /** Kafka record headers (UTF-8 strings). The value never carries the tenant; this header does. */
    public static final String TENANT_ID = "tenant-id";
    public static final String EVENT_ID = "event-id";
    public static final String EVENT_TYPE = "event-type";
    public static final String OCCURRED_AT = "occurred-at";
    public static final String TRACEPARENT = "traceparent";
    /** HMAC of the record by the relay; consumers refuse records without a valid one (untrusted producers). */
    public static final String SIGNATURE = "event-signature";
    /** Set on dead-lettered records (DeadLetters): why a record was not processed (one of {@link EventRejection}'s codes). */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";

    private EventChannels() {
    }
}
