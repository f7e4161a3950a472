package dev.enclave.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.testing.Persona;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A log line written while serving a tenant's request carries, in production's JSON format, the tenant, the request
 * id and the trace and span the request runs in (the caller's trace continued), so logs and traces join (issue 15).
 */
@QuarkusTest
class LogCorrelationTest {

    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext && LogProbeResource.MESSAGE.equals(ext.getMessage())) {
                ext.copyAll(); // the MDC as it is now, on the request's thread
                records.add(ext);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        LogManager.getLogManager().getLogger("").addHandler(capture);
    }

    @AfterEach
    void stop() {
        LogManager.getLogManager().getLogger("").removeHandler(capture);
    }

    @Test
    void aTenantRequestsLogLineCarriesTenantRequestTraceAndSpanInJson() throws Exception {
        String traceId = hex(16);
        String callerSpan = hex(8);
        given().header("Authorization", Persona.ALICE.bearer())
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .header("X-Request-Id", "log-probe-1")
                .when().get("/api/v1/test/log-probe").then().statusCode(200);

        assertEquals(1, records.size(), "one probe line");
        JsonNode line = new ObjectMapper().readTree(new JsonFormatter().format(records.get(0)));
        JsonNode mdc = line.path("mdc");
        assertEquals("acme", mdc.path("tenant_id").asText(), line.toString());
        assertFalse(mdc.path("request_id").asText().isEmpty(), line.toString());
        assertEquals(traceId, mdc.path("traceId").asText(), "the caller's trace, continued: " + line);
        assertEquals(16, mdc.path("spanId").asText().length(), line.toString());
        assertNotEquals(callerSpan, mdc.path("spanId").asText(), "the server's own span, not the caller's");
    }

    private static String hex(int bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            s.append(String.format("%02x", ThreadLocalRandom.current().nextInt(256)));
        }
        return s.toString();
    }
}
