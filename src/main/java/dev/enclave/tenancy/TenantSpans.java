package dev.enclave.tenancy;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.Unremovable;

import dev.enclave.tracing.SpanAttributes;

/**
 * Puts the tenant on every span as {@code tenant.id} (a span attribute, never baggage: baggage would travel to
 * whatever the next hop is). A span started inside a unit of work takes the unit's tenant; one started before the
 * tenant is bound (the request's own server span, the tenant registry lookup) takes it from its parent, which
 * {@link TenantRequestFilter} tags as soon as the verified token names the tenant. Quarkus registers every
 * {@link SpanProcessor} bean with the tracer provider.
 */
// Unremovable: Quarkus looks span processors up dynamically, which ArC does not count as a use.
@ApplicationScoped
@Unremovable
public class TenantSpans implements SpanProcessor {

    private final TenantContext context;

    TenantSpans(TenantContext context) {
        this.context = context;
    }

    /** Tags a span explicitly (the server span, spans of work done for a tenant outside its context). */
    public static void tag(Span span, TenantId tenant) {
        span.setAttribute(SpanAttributes.TENANT_ID, tenant.value());
    }

    @Override
    public void onStart(Context parent, ReadWriteSpan span) {
        String tenant = current();
        if (tenant == null && Span.fromContext(parent) instanceof ReadableSpan local) {
            tenant = local.getAttribute(SpanAttributes.TENANT_ID);
        }
        if (tenant != null) {
            span.setAttribute(SpanAttributes.TENANT_ID, tenant);
        }
    }

    private String current() {
        ArcContainer container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return null; // a worker outside TenantScope.runAs: the parent may still know
        }
        return context.current().map(TenantId::value).orElse(null);
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
