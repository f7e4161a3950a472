package dev.enclave.tracing;

import io.opentelemetry.api.common.AttributeKey;

/** Span attributes of Enclave's own, beside OpenTelemetry's semantic conventions. */
public final class SpanAttributes {

    /** The tenant a span's work was done for: an attribute, never baggage (baggage would travel to the next hop). */
    public static final AttributeKey<String> TENANT_ID = AttributeKey.stringKey("tenant.id");

    private SpanAttributes() {
    }
}
