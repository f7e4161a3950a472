package dev.enclave.tracing;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The W3C {@code traceparent} of a context, and back: what the outbox row stores and the Kafka records carry.
 * Only the trace context, through the W3C propagator itself rather than the global ones, so baggage (which may
 * hold anything a caller sent) can never ride along into a record.
 */
public final class TraceContexts {

    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapSetter<Map<String, String>> SET = Map::put;
    private static final TextMapGetter<String> GET = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return java.util.List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    /**
     * A parent that is valid but not sampled. Background loops (outbox polls, relay passes) run under it: with the
     * parent-based samplers their database calls are not traced, instead of making a new one-span trace every
     * second. Spans with an explicit parent (an event's own trace) are unaffected.
     */
    private static final Context UNSAMPLED = Context.root().with(Span.wrap(SpanContext.create(
            "00000000000000000000000000000001", "0000000000000001", TraceFlags.getDefault(), TraceState.getDefault())));

    private TraceContexts() {
    }

    /** The context's {@code traceparent}, or null when it has no valid span. */
    public static String traceparent(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, SET);
        return carrier.get(TRACEPARENT);
    }

    /** The remote parent a {@code traceparent} names; the root context when absent or malformed. */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), traceparent, GET);
    }

    /** Runs background work without tracing its database calls (see {@link #UNSAMPLED}). */
    public static Runnable untraced(Runnable work) {
        return UNSAMPLED.wrap(work);
    }
}
