package dev.enclave.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.EventTopics;
import dev.enclave.testing.Persona;

/**
 * L4: anyone on the broker can write records naming any tenant. A flood of unsigned and badly signed records
 * claiming globex is dead-lettered by every consumer, record by record, but the audit log gets a few records that
 * count them (per reason and window, once however many consumers read them), none of them naming globex.
 */
@QuarkusTest
class UnverifiedRecordsAuditTest {

    private static final int FORGED = 60;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aFloodOfForgedRecordsWritesAFewAuditRecordsThatNameNoTenant() {
        long after = lastAuditId();
        Set<String> forged = new java.util.HashSet<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < FORGED; i++) {
            ProducerRecord<String, String> record = forgedFor(Persona.GLOBEX);
            if (i % 2 == 1) { // half of them with a signature that is not the relay's
                record.headers().add(EventChannels.SIGNATURE, "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".getBytes(StandardCharsets.UTF_8));
            }
            forged.add(new String(record.headers().lastHeader(EventChannels.EVENT_ID).value(), StandardCharsets.UTF_8));
            records.add(record);
        }
        EventTopics.publish(records);

        // Every one is still dead-lettered, by each of the two consumers of the topic.
        List<ConsumerRecord<String, String>> dead = EventTopics.read(EventTopics.deadLetterTopic(),
                r -> forged.contains(EventTopics.header(r, EventChannels.EVENT_ID)), 2 * FORGED, WAIT);
        assertEquals(2 * FORGED, dead.size(), "one dead letter per record and consumer");

        String prefix = "event-records?topic=" + EventTopics.topic() + "&count=";
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> mine = since(after);
            // The claimed tenant is nowhere: not as target, not one record per event.
            assertEquals(0, mine.stream().filter(e -> Persona.GLOBEX.equals(e.get("targetTenant"))
                    && Set.of(EventRejection.UNSIGNED_EVENT, EventRejection.BAD_SIGNATURE).contains(e.get("reason"))).count(),
                    "audit records naming the claimed tenant");
            assertEquals(0, mine.stream().filter(e -> forged.stream().anyMatch(id -> ("event/" + id).equals(e.get("resource"))))
                    .count(), "audit records of single forged records");
            List<Map<String, Object>> counted = mine.stream().filter(e -> ((String) e.get("resource")).startsWith(prefix)).toList();
            assertTrue(counted.size() <= FORGED / 5, "a bounded number of audit records, not one per record: " + counted.size());
            counted.forEach(e -> {
                assertNull(e.get("targetTenant"));
                assertEquals("consume:unverified", e.get("action"));
            });
            Map<Object, Long> byReason = counted.stream().collect(Collectors.groupingBy(e -> e.get("reason"),
                    Collectors.summingLong(e -> Long.parseLong(((String) e.get("resource")).substring(prefix.length())))));
            // Each record counted once per window however many consumers read it (at most twice if it straddles one).
            assertTrue(byReason.getOrDefault(EventRejection.UNSIGNED_EVENT, 0L) >= FORGED / 2, byReason.toString());
            assertTrue(byReason.getOrDefault(EventRejection.BAD_SIGNATURE, 0L) >= FORGED / 2, byReason.toString());
            assertTrue(byReason.values().stream().allMatch(n -> n <= FORGED), "not once per consumer: " + byReason);
        });
    }

    /** A record in the relay's format claiming {@code tenant}, for a document of acme, without signature. */
    private static ProducerRecord<String, String> forgedFor(String tenant) {
        UUID event = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        String occurredAt = Instant.now().toString();
        String value = """
                {"eventId":"%s","type":"DocumentCreated","aggregateType":"document","aggregateId":"%s",\
                "aggregateVersion":0,"occurredAt":"%s","actor":"mallory",\
                "data":{"id":"%s","title":"Forged","sizeBytes":1000000}}""".formatted(event, document, occurredAt, document);
        return SignedRecords.unsigned(EventTopics.topic(), tenant, tenant + ":" + document, value);
    }

    private static long lastAuditId() {
        List<Map<String, Object>> newest = given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/audit?limit=1").then().statusCode(200).extract().jsonPath().getList("items");
        return newest.isEmpty() ? 0 : ((Number) newest.get(0).get("id")).longValue();
    }

    /** Denied records of the system actor written after {@code after} (among the newest 200: plenty for this test). */
    private static List<Map<String, Object>> since(long after) {
        List<Map<String, Object>> items = given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/audit?outcome=denied&actor=system&limit=200")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(e -> ((Number) e.get("id")).longValue() > after).toList();
    }
}
