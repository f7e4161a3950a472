package dev.enclave.search;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

        // Still down a while later (the indexer is retrying, not dropping).
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(503));

        SearchOutageResource.searchUp(true);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                SearchFixtures.search(Persona.ALICE, Map.of("q", word)).statusCode(200).body("total", equalTo(1)));
        RestAssured.given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'search' }.data.reachable", equalTo(true));
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
