package dev.enclave.tracing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.enclave.events.SignedRecords;
import dev.enclave.testing.EventTopics;
import dev.enclave.testing.LocalStack;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;

/**
 * One document write is one trace in Zipkin: the HTTP request, its SQL, the relay's send, the three consumers and
 * the search indexer's call to the search node, every span tagged with the tenant. The test names the trace by
 * sending a {@code traceparent} of its own (the service continues a caller's W3C trace context). In test runs the
 * search indexer reads a topic of its own, so the test forwards the relay's record, headers untouched (but the
 * signature, which covers the topic), to it.
 */
@QuarkusTest
class EndToEndTraceTest {

    private static final Set<String> CONSUMERS = Set.of("usage-meter", "activity-feed", "search-indexer");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Span(String id, String parentId, String name, String kind, Map<String, String> tags) {
        String tag(String key) {
            return tags.get(key);
        }
    }

    @Test
    void aDocumentWriteIsOneTraceFromHttpThroughKafkaToSearch() {
        String project = Workspace.createProject(Persona.ALICE);
        String traceId = hex(16);
        String callerSpan = hex(8);
        String document = given().header("Authorization", Persona.ALICE.bearer())
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .header("baggage", "secret=must-not-travel")
                .contentType(ContentType.JSON)
                .body(Map.of("title", "Traced plan", "body", "Follow it end to end.", "tags", List.of("trace")))
                .when().post("/api/v1/projects/{id}/documents", project)
                .then().statusCode(201).extract().path("id");

        // Test runs give the search indexer a topic of its own (SearchRunResource); hand it the relay's record, its
        // headers untouched but the signature, which covers the topic: signed again for the indexer's topic.
        ConsumerRecord<String, String> record = EventTopics.read(EventTopics.topic(),
                r -> r.key().equals("acme:" + document), 1, Duration.ofSeconds(60)).get(0);
        EventTopics.publish(List.of(SignedRecords.sign(new ProducerRecord<>(ConfigProvider.getConfig().getValue(
                "enclave.events.channels.search-indexer.topic", String.class), null, record.key(), record.value(),
                new RecordHeaders(record.headers().toArray())))));

        List<Span> spans = await("the whole trace in Zipkin").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> trace(traceId), EndToEndTraceTest::complete);

        Span server = one(spans, s -> "SERVER".equals(s.kind()), "the HTTP server span");
        assertEquals(callerSpan, server.parentId(), "the server span continues the caller's trace");
        assertEquals("POST", server.tag("http.request.method"));
        assertTrue(spans.stream().anyMatch(s -> "CLIENT".equals(s.kind()) && isPostgres(s)
                && isDescendant(spans, s, server)), "SQL of the request: " + names(spans));
        Span producer = one(spans, s -> "PRODUCER".equals(s.kind()), "the relay's send");
        assertTrue(isDescendant(spans, producer, server), "the send continues the request that recorded the event");
        assertEquals("DocumentCreated", producer.tag("enclave.event.type"));
        for (String consumer : CONSUMERS) {
            Span consuming = one(spans, s -> "CONSUMER".equals(s.kind()) && consumer.equals(s.tag("messaging.consumer.group.name")),
                    consumer + "'s span");
            assertEquals(producer.id(), consuming.parentId(), consumer + " continues the producer's span");
        }
        Span indexer = one(spans, s -> "CONSUMER".equals(s.kind()) && "search-indexer".equals(s.tag("messaging.consumer.group.name")),
                "the indexer");
        assertTrue(spans.stream().anyMatch(s -> "CLIENT".equals(s.kind()) && "opensearch".equals(s.tag("db.system.name"))
                && isDescendant(spans, s, indexer)), "the search call inside the indexer's span: " + names(spans));
        List<String> untagged = spans.stream().filter(s -> !Persona.ACME.equals(s.tag("tenant.id"))).map(Span::name).toList();
        assertEquals(List.of(), untagged, "spans without tenant.id=acme");

        assertNull(EventTopics.header(record, "baggage"), "the caller's baggage does not travel on Kafka");
        assertEquals("00-" + traceId + "-" + producer.id() + "-01", EventTopics.header(record, "traceparent"));
    }

    /** Everything the write causes has arrived (spans come in batches, from several threads). */
    private static boolean complete(List<Span> spans) {
        Set<String> consumers = spans.stream().filter(s -> "CONSUMER".equals(s.kind()))
                .map(s -> s.tag("messaging.consumer.group.name")).collect(Collectors.toSet());
        return consumers.containsAll(CONSUMERS) && spans.stream().anyMatch(s -> "SERVER".equals(s.kind()))
                && spans.stream().anyMatch(s -> "opensearch".equals(s.tag("db.system.name")) && s.parentId() != null
                        && spans.stream().anyMatch(p -> p.id().equals(s.parentId()) && "CONSUMER".equals(p.kind())));
    }

    private static List<Span> trace(String traceId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(LocalStack.Component.ZIPKIN.url() + "/api/v2/trace/" + traceId)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return List.of();
        }
        assertEquals(200, response.statusCode(), response.body());
        List<Map<String, Object>> raw = JSON.readValue(response.body(), new TypeReference<>() {
        });
        return raw.stream().map(EndToEndTraceTest::span).toList();
    }

    @SuppressWarnings("unchecked")
    private static Span span(Map<String, Object> zipkin) {
        Map<String, Object> endpoint = (Map<String, Object>) zipkin.getOrDefault("localEndpoint", Map.of());
        assertEquals("enclave", endpoint.get("serviceName"));
        return new Span((String) zipkin.get("id"), (String) zipkin.get("parentId"), (String) zipkin.get("name"),
                (String) zipkin.get("kind"), (Map<String, String>) zipkin.getOrDefault("tags", Map.of()));
    }

    private static Span one(List<Span> spans, java.util.function.Predicate<Span> match, String what) {
        List<Span> found = spans.stream().filter(match).toList();
        assertEquals(1, found.size(), "exactly one " + what + " in " + names(spans));
        return found.get(0);
    }

    private static boolean isDescendant(List<Span> spans, Span span, Span ancestor) {
        Map<String, Span> byId = spans.stream().collect(Collectors.toMap(Span::id, s -> s, (a, b) -> a));
        for (Span s = span; s != null && s.parentId() != null; s = byId.get(s.parentId())) {
            if (s.parentId().equals(ancestor.id())) {
                return true;
            }
        }
        return false;
    }

    /** The JDBC instrumentation names the database in the old or the stable semantic conventions. */
    private static boolean isPostgres(Span span) {
        return "postgresql".equals(span.tag("db.system")) || "postgresql".equals(span.tag("db.system.name"));
    }

    private static List<String> names(List<Span> spans) {
        return spans.stream().map(s -> s.kind() + " " + s.name()).sorted().toList();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
