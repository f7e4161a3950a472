package dev.enclave.search;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import dev.enclave.events.SignedRecords;
import dev.enclave.testing.Persona;
import dev.enclave.testing.SearchOutageResource;

/**
 * Search down: searches answer 503 problem+json, writes still succeed, readiness stays up, and the events written
 * meanwhile are indexed by themselves once the node is reachable again. "Down" is a switchable relay in front of
 * the shared node (the node itself must keep running for the other checkouts).
 */
@QuarkusTest
@TestProfile(SearchOutageTest.ThroughSwitchableRelay.class)
class SearchOutageTest {

    public static class ThroughSwitchableRelay implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SearchOutageResource.class));
        }
    }

    @Inject
    SearchFixtures fixtures;

    @Inject
    MeterRegistry metrics;

    @AfterEach
    void searchBackUp() {
        SearchOutageResource.searchUp(true);
    }

    @Test
    void searchDownIs503WritesGoOnAndIndexingCatchesUp() throws Exception {
        String word = SearchFixtures.word();
        java.util.UUID project = SearchFixtures.project(Persona.ALICE);
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(200);

        SearchOutageResource.searchUp(false);
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("urn:enclave:problem:service-unavailable"));

        // Writes do not need search: the document is stored, its event waits in Kafka.
        JsonPath doc = SearchFixtures.document(Persona.ALICE, project, word + " written while search was down", "", List.of());
        publish(doc);
        RestAssured.given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'search' }.data.reachable", equalTo(false));

        // Still down after the indexer was turned away twice more (it is retrying, not dropping): seen in its
        // retry count rather than assumed after a sleep.
        double retried = indexerRetries();
        List<Integer> meanwhile = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            meanwhile.add(SearchFixtures.search(Persona.ALICE, Map.of("q", word)).extract().statusCode());
            return indexerRetries() >= retried + 2;
        });
        assertThat(meanwhile, everyItem(is(503)));

        SearchOutageResource.searchUp(true);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(200).body("total", equalTo(1)));
        RestAssured.given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'search' }.data.reachable", equalTo(true));
    }

    private double indexerRetries() {
        var counter = metrics.find("enclave.events.retries").tag("consumer", SearchIndexerConsumer.CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }

    private void publish(JsonPath doc) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        String topic = ConfigProvider.getConfig().getValue("enclave.events.channels.search-indexer.topic", String.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(SignedRecords.signed(topic, Persona.ACME, "acme:" + doc.getString("id"),
                    fixtures.documentEvent("DocumentCreated", doc, doc.getLong("version")))).get();
        }
    }
}
