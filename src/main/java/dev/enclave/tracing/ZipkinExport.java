package dev.enclave.tracing;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import org.jboss.logging.Logger;

/**
 * Exports spans to a Zipkin server. Quarkus' default exporter setting ({@code cdi}) takes every {@link SpanExporter}
 * bean and runs it behind its batch processor, so exports are asynchronous and a request never waits for Zipkin.
 * Zipkin down costs a dropped batch and one warning a minute (the exporter's own per-batch warning with stack trace
 * is turned off in application.properties).
 */
// Unremovable: Quarkus looks exporters up dynamically (CDI.current()), which ArC does not count as a use.
@Singleton
@Unremovable
class ZipkinExport implements SpanExporter {

    private static final Logger LOG = Logger.getLogger(ZipkinExport.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final SpanExporter zipkin;
    private final String endpoint;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong failedSince = new AtomicLong();

    ZipkinExport(TracingConfig config) {
        this.endpoint = config.zipkinEndpoint();
        this.zipkin = ZipkinSpanExporter.builder().setEndpoint(endpoint).setReadTimeout(config.exportTimeout())
                .build();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = zipkin.export(spans);
        result.whenComplete(() -> {
            if (!result.isSuccess()) {
                failed(spans.size());
            }
        });
        return result;
    }

    private void failed(int spans) {
        long dropped = failedSince.addAndGet(spans);
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= LOG_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            failedSince.addAndGet(-dropped);
            LOG.warnf("could not export spans to %s; %d span(s) dropped since the last warning", endpoint, dropped);
        }
    }

    @Override
    public CompletableResultCode flush() {
        return zipkin.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return zipkin.shutdown();
    }
}
