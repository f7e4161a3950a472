package dev.enclave.search;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

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

import dev.enclave.testing.Persona;

/**
 * End to end through the real broker: events produced in the contract's format (key, headers, value) to this
 * run's topic are indexed; events without a usable tenant are not, and land on the dead-letter topic.
 */
@QuarkusTest
class SearchIndexerConsumerTest {

    @Inject
    SearchFixtures fixtures;

    KafkaProducer<String, String> producer;
    String topic;

    @BeforeEach
    void producer() {
        topic = ConfigProvider.getConfig().getValue("mp.messaging.incoming.search-indexer.topic", String.class);
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
        send("acme", doc.getString("id"), "DocumentCreated", fixtures.documentEvent("DocumentCreated", doc, doc.getLong("version")));
        JsonPath updated = SearchFixtures.patch(Persona.ALICE, doc, Map.of("title", word + " updated via kafka"));
        send("acme", doc.getString("id"), "DocumentUpdated", fixtures.documentEvent("DocumentUpdated", updated, updated.getLong("version")));

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
        java.util.function.Supplier<String> value = () -> fixtures.documentEvent("DocumentCreated", doc, doc.getLong("version"));
        List<String> refused = new ArrayList<>();
        refused.add(send(null, id, "DocumentCreated", value.get()));            // no tenant header
        refused.add(send("Acme Corp", id, "DocumentCreated", value.get()));     // malformed
        refused.add(send("unregistered-search-tenant", id, "DocumentCreated", value.get()));       // not registered
        refused.add(send("globex", id, "DocumentCreated", value.get(), "acme:" + id)); // header and key disagree

        // A good event after them is processed: the refused ones did not stop the consumer.
        String marker = SearchFixtures.word();
        JsonPath good = SearchFixtures.document(Persona.ALICE, SearchFixtures.project(Persona.ALICE), marker, "", List.of());
        send("acme", good.getString("id"), "DocumentCreated", fixtures.documentEvent("DocumentCreated", good, good.getLong("version")));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                SearchFixtures.search(Persona.ALICE, Map.of("q", marker)).body("total", equalTo(1)));

        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(0));
        SearchFixtures.search(Persona.BOB, Map.of("q", word)).body("total", equalTo(0));
        Map<String, String> reasons = deadLettered(refused);
        assertEquals(refused.size(), reasons.size(), "every refused event is on the dead-letter topic: " + reasons);
    }

    private String send(String tenant, String aggregateId, String type, String value) throws Exception {
        return send(tenant, aggregateId, type, value, tenant == null ? aggregateId : tenant + ":" + aggregateId);
    }

    /** Produces like the outbox relay: key tenant:aggregate, headers tenant-id, event-id, event-type; answers the event id. */
    private String send(String tenant, String aggregateId, String type, String value, String key) throws Exception {
        String eventId = new JsonPath(value).getString("eventId");
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (tenant != null) {
            record.headers().add("tenant-id", tenant.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add("event-id", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("event-type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("occurred-at", java.time.Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
        return eventId;
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
        String dlq = ConfigProvider.getConfig().getValue("mp.messaging.incoming.search-indexer.dead-letter-queue.topic", String.class);
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
