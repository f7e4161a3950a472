package dev.enclave.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** Zipkin down must cost dropped spans and a rare warning, never an exception or a wait in the caller. */
class ZipkinExportTest {

    @Test
    void anUnreachableZipkinFailsTheExportQuietly() throws Exception {
        ZipkinExport export = new ZipkinExport(config("http://127.0.0.1:" + closedPort() + "/api/v2/spans"));
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(ZipkinExport.class.getName());
        Handler handler = capture(warnings);
        log.addHandler(handler);
        try {
            List<SpanData> spans = spans(3);
            for (int i = 0; i < 3; i++) {
                CompletableResultCode result = export.export(spans).join(10, TimeUnit.SECONDS);
                assertTrue(result.isDone(), "the export ends (fails), it does not hang");
                assertFalse(result.isSuccess());
            }
        } finally {
            log.removeHandler(handler);
            export.shutdown();
        }
        assertEquals(1, warnings.size(), "one warning for three failed batches");
        assertTrue(warnings.get(0).getMessage().contains("dropped"), warnings.get(0).getMessage());
    }

    private static List<SpanData> spans(int n) {
        List<SpanData> ended = new ArrayList<>();
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                ended.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(collect))
                .build()) {
            for (int i = 0; i < n; i++) {
                provider.get("test").spanBuilder("span-" + i).startSpan().end();
            }
        }
        return ended;
    }

    private static Handler capture(List<LogRecord> into) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    into.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // free once closed: connections are refused at once
        }
    }

    private static TracingConfig config(String endpoint) {
        return new TracingConfig() {
            @Override
            public String zipkinEndpoint() {
                return endpoint;
            }

            @Override
            public Duration exportTimeout() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
