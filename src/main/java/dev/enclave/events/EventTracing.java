package dev.enclave.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.enclave.tenancy.TenantId;
import dev.enclave.tracing.SpanAttributes;
import dev.enclave.tracing.TraceContexts;

/**
 * The events' part of a trace: the relay's PRODUCER span per event, a child of the transaction that recorded it
 * (its {@code traceparent} in the outbox row), and each consumer's CONSUMER span per record, a child of the
 * producer span (the record's {@code traceparent} header). One span per event rather than one per relay pass or
 * consumer turn: a pass or turn mixes events of many requests, so a batch span could belong to one trace only, and
 * Zipkin does not show span links. SmallRye's own Kafka tracing is off for these channels (application.properties):
 * it would add a second {@code traceparent} and a {@code baggage} header.
 * <p>
 * The {@code traceparent} header is not covered by the event signature (which predates it, and changing what it
 * covers would refuse records in flight during a deployment). A forged one can only attach consumer spans to
 * another trace; the tenant on those spans is the verified one.
 */
@ApplicationScoped
public class EventTracing {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("enclave.event.type");

    private final Tracer tracer;
    private final String topic;

    EventTracing(Tracer tracer, EventsConfig config) {
        this.tracer = tracer;
        this.topic = config.topic();
    }

    /** The relay's send of one outbox row; end it when the broker answered. */
    public Span publishing(UUID eventId, String eventType, String traceparent, TenantId tenant) {
        Span span = tracer.spanBuilder("publish " + topic).setSpanKind(SpanKind.PRODUCER)
                .setParent(TraceContexts.parent(traceparent))
                .setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, topic).setAttribute(OPERATION, "send")
                .setAttribute(MESSAGE_ID, eventId.toString()).setAttribute(EVENT_TYPE, eventType)
                .setAttribute(SpanAttributes.TENANT_ID, tenant.value()).startSpan();
        return span;
    }

    public static void ended(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /**
     * Runs one consumer turn of a tenant inside a CONSUMER span per record. The turn's work (one transaction for all
     * its records) runs in the first record's span: a turn usually holds one event, and the others' spans still
     * show when their event was consumed.
     */
    public void consuming(String consumer, TenantId tenant, List<Message<String>> records, Runnable turn) {
        List<Span> spans = new ArrayList<>(records.size());
        for (Message<String> record : records) {
            Span span = tracer.spanBuilder("process " + topic).setSpanKind(SpanKind.CONSUMER)
                    .setParent(TraceContexts.parent(header(record, EventChannels.TRACEPARENT)))
                    .setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, topic).setAttribute(OPERATION, "process")
                    .setAttribute(CONSUMER_GROUP, consumer)
                    .setAttribute(MESSAGE_ID, header(record, EventChannels.EVENT_ID))
                    .setAttribute(EVENT_TYPE, header(record, EventChannels.EVENT_TYPE))
                    .setAttribute(SpanAttributes.TENANT_ID, tenant.value()).startSpan();
            spans.add(span);
        }
        Context work = spans.isEmpty() ? Context.current() : Context.current().with(spans.get(0));
        try (Scope ignored = work.makeCurrent()) {
            turn.run();
        } catch (RuntimeException e) {
            spans.forEach(s -> s.recordException(e).setStatus(StatusCode.ERROR));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    private static String header(Message<String> record, String name) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> {
            Header header = m.getHeaders().lastHeader(name);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }).orElse(null);
    }
}
