package dev.enclave.search;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.enclave.events.EventChannels;
import dev.enclave.events.EventRejection;
import dev.enclave.events.SignedRecords;
import dev.enclave.testing.Persona;

/**
 * End to end through the real broker: events produced in the relay's format (key, headers, value, signature) to
 * the indexer's topic are indexed; events without a usable tenant or a valid signature, and poison events, are not:
 * they land on the dead-letter topic with their reason (and in the audit log), and the consumer goes on.
 */
@QuarkusTest
class SearchIndexerConsumerTest {

    @Inject
    SearchFixtures fixtures;

    KafkaProducer<String, String> producer;
    String topic;

    @BeforeEach
    void producer() {
        topic = ConfigProvider.getConfig().getValue("enclave.events.channels.search-indexer.topic", String.class);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(config);
    }

    @AfterEach
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void eventsFromTheTopicBecomeSearchable() throws Exception {
        String word = SearchFixtures.word();
        JsonPath doc = SearchFixtures.document(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word + " via kafka", "", List.of());
        publish(SignedRecords.signed(topic, Persona.ACME, "acme:" + doc.getString("id"),
                fixtures.documentEvent("DocumentCreated", doc, doc.getLong("version"))));
        JsonPath updated = SearchFixtures.patch(Persona.ALICE, doc, Map.of("title", word + " updated via kafka"));
        publish(SignedRecords.signed(topic, Persona.ACME, "acme:" + doc.getString("id"),
                fixtures.documentEvent("DocumentUpdated", updated, updated.getLong("version"))));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(200)
                        .body("total", equalTo(1)).body("items[0].title", equalTo(word + " updated via kafka")));
        SearchFixtures.search(Persona.BOB, Map.of("q", word)).body("total", equalTo(0));
    }

    @Test
    void eventsWithoutAUsableTenantAreNotIndexedAndAreDeadLettered() throws Exception {
        String word = SearchFixtures.word();
        JsonPath doc = SearchFixtures.document(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word + " refused", "", List.of());
        String id = doc.getString("id");
        Supplier<String> value = () -> fixtures.documentEvent("DocumentCreated", doc, doc.getLong("version"));
        Map<String, String> refused = new HashMap<>();
        refused.put(publish(SignedRecords.unsigned(topic, null, "acme:" + id, value.get())), EventRejection.MISSING_TENANT);
        refused.put(publish(SignedRecords.unsigned(topic, "Acme Corp", "acme:" + id, value.get())), EventRejection.MALFORMED_TENANT);
        refused.put(publish(SignedRecords.signed(topic, "unregistered-search-tenant", "unregistered-search-tenant:" + id,
                value.get())), EventRejection.UNKNOWN_TENANT);
        // Signed, but the key (the partition, hence the order) is another tenant's.
        refused.put(publish(SignedRecords.signed(topic, Persona.GLOBEX, "acme:" + id, value.get())), EventRejection.MALFORMED_EVENT);

        assertRefused(word, refused);
    }

    /**
     * The gap this consumer had: it trusted the tenant-id header. A record naming a real, active tenant is still
     * refused without the relay's signature (any client on the broker could write it), or with a signature that
     * does not cover what the record says.
     */
    @Test
    void aRecordWithAValidTenantButMissingOrWrongSignatureIsNeverIndexedAndIsDeadLetteredAndAudited() throws Exception {
        long after = lastAuditId();
        String word = SearchFixtures.word();
        JsonPath doc = SearchFixtures.document(Persona.ALICE, SearchFixtures.project(Persona.ALICE), word + " forged", "", List.of());
        String id = doc.getString("id");
        Supplier<String> value = () -> fixtures.documentEvent("DocumentCreated", doc, doc.getLong("version"));
        Map<String, String> refused = new HashMap<>();
        refused.put(publish(SignedRecords.unsigned(topic, Persona.ACME, "acme:" + id, value.get())), EventRejection.UNSIGNED_EVENT);
        // A genuine signature of another record, copied onto this one.
        ProducerRecord<String, String> copied = SignedRecords.unsigned(topic, Persona.ACME, "acme:" + id, value.get());
        copied.headers().add(EventChannels.SIGNATURE, SignedRecords.signed(topic, Persona.ACME, "acme:" + id, value.get())
                .headers().lastHeader(EventChannels.SIGNATURE).value());
        refused.put(publish(copied), EventRejection.BAD_SIGNATURE);
        // Signed for globex, then the tenant header changed to acme.
        ProducerRecord<String, String> retargeted = SignedRecords.signed(topic, Persona.GLOBEX, "acme:" + id, value.get());
        retargeted.headers().remove(EventChannels.TENANT_ID).add(EventChannels.TENANT_ID, Persona.ACME.getBytes(StandardCharsets.UTF_8));
        refused.put(publish(retargeted), EventRejection.BAD_SIGNATURE);

        assertRefused(word, refused);
        // Audited, but not one by one and not as acme's: counted per reason into records that name no tenant.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> counted = deniedBySystem().stream()
                    .filter(e -> ((Number) e.get("id")).longValue() > after && "consume:unverified".equals(e.get("action"))
                            && ((String) e.get("resource")).startsWith("event-records?topic=" + topic + "&count="))
                    .toList();
            assertTrue(counted.stream().anyMatch(e -> EventRejection.UNSIGNED_EVENT.equals(e.get("reason"))), counted.toString());
            assertTrue(counted.stream().anyMatch(e -> EventRejection.BAD_SIGNATURE.equals(e.get("reason"))), counted.toString());
            counted.forEach(e -> assertNull(e.get("targetTenant"), e.toString()));
        });
        List<Map<String, Object>> audit = deniedBySystem();
        for (String event : refused.keySet()) {
            assertTrue(audit.stream().noneMatch(e -> ("event/" + event).equals(e.get("resource"))), "no record of its own: " + event);
        }
    }

    private static long lastAuditId() {
        List<Map<String, Object>> newest = given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/audit?limit=1").then().statusCode(200).extract().jsonPath().getList("items");
        return newest.isEmpty() ? 0 : ((Number) newest.get(0).get("id")).longValue();
    }

    private static List<Map<String, Object>> deniedBySystem() {
        return given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/audit?outcome=denied&actor=system&limit=200")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void poisonEventsAreDeadLetteredAndDoNotStopTheConsumer() throws Exception {
        UUID document = UUID.randomUUID();
        Map<String, String> refused = new HashMap<>();
        // A snapshot the indexer cannot use (no project, no title): the indexer's malformed-event refusal.
        refused.put(publish(SignedRecords.signed(topic, Persona.ACME, "acme:" + document, fixtures.value("DocumentCreated",
                "document", document, 0, Map.of("id", document.toString())))), EventRejection.MALFORMED_EVENT);
        // A value that is not an event at all, under genuine signed headers.
        ProducerRecord<String, String> headers = SignedRecords.unsigned(topic, Persona.ACME, "acme:" + document,
                fixtures.value("DocumentCreated", "document", document, 0, Map.of("id", document.toString())));
        ProducerRecord<String, String> garbage = SignedRecords.sign(
                new ProducerRecord<>(topic, null, headers.key(), "{not json", headers.headers()));
        refused.put(publish(garbage), EventRejection.MALFORMED_EVENT);

        assertRefused(SearchFixtures.word(), refused);
    }

    /** The refused events are on the dead-letter topic with their reasons, after a later good event was indexed. */
    private void assertRefused(String word, Map<String, String> refused) throws Exception {
        // A good event after them is processed: the refused ones did not stop the consumer, and had their turn.
        String marker = SearchFixtures.word();
        JsonPath good = SearchFixtures.document(Persona.ALICE, SearchFixtures.project(Persona.ALICE), marker, "", List.of());
        publish(SignedRecords.signed(topic, Persona.ACME, "acme:" + good.getString("id"),
                fixtures.documentEvent("DocumentCreated", good, good.getLong("version"))));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                SearchFixtures.search(Persona.ALICE, Map.of("q", marker)).body("total", equalTo(1)));

        fixtures.refresh();
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(0));
        SearchFixtures.search(Persona.BOB, Map.of("q", word)).body("total", equalTo(0));
        assertEquals(refused, deadLettered(List.copyOf(refused.keySet())), "every refused event is dead-lettered with its reason");
    }

    /** Publishes the record; answers its event id. */
    private String publish(ProducerRecord<String, String> record) throws Exception {
        producer.send(record).get();
        return new String(record.headers().lastHeader(EventChannels.EVENT_ID).value(), StandardCharsets.UTF_8);
    }

    /** event id -> dead-letter reason, for the given events found on the dead-letter topic (bounded wait). */
    private Map<String, String> deadLettered(List<String> eventIds) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<String, String> found = new HashMap<>();
        String dlq = ConfigProvider.getConfig().getValue("enclave.events.channels.search-indexer.dead-letter-topic", String.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(new TopicPartition(dlq, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(dlq, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < eventIds.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    var header = record.headers().lastHeader("event-id");
                    String id = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                    if (eventIds.contains(id)) {
                        var reason = record.headers().lastHeader("dead-letter-reason");
                        found.put(id, reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return found;
    }
}
