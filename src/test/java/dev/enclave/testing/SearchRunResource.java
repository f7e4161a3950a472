package dev.enclave.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Several checkouts test against one search node and one broker at the same time. Each test run gets its own
 * index prefix, event topic, dead-letter topic and consumer group, and removes its indexes and topics at the end.
 * The search indexer reads its own topic in tests (in production it reads the relay's, like every consumer): the
 * search tests decide which events it sees, so the relay's events for the documents they create cannot race them.
 */
public class SearchRunResource implements QuarkusTestResourceLifecycleManager {

    static final String SEARCH = LocalStack.Component.OPENSEARCH.url();
    static final String KAFKA = LocalStack.Component.KAFKA.address();

    private String prefix;
    private String topic;

    @Override
    public Map<String, String> start() {
        String db = LocalStack.testDatabase().replaceFirst("^enclave_test_?", "");
        String run = ((db.isEmpty() ? "" : db + "-") + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        prefix = "enclave-test-" + run;
        topic = prefix + ".domain-events";
        // Kafka is up: LocalStack starts before this resource (order).
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the test run's topics", e);
        }
        return Map.of(
                "enclave.search.index-prefix", prefix,
                "enclave.events.channels.search-indexer.topic", topic,
                "enclave.events.channels.search-indexer.dead-letter-topic", topic + ".dlq",
                "enclave.events.channels.search-indexer.group-id", prefix + "-search-indexer",
                "enclave.events.consumer.retry-max-backoff", "1s");
    }

    @Override
    public void stop() {
        deleteIndexes();
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic, topic + ".dlq")).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort: a leftover topic of a finished run harms nobody
        }
    }

    private void deleteIndexes() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String names = http.send(HttpRequest.newBuilder(URI.create(SEARCH + "/_cat/indices/" + prefix + "*?h=index")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String index : names.split("\\s+")) {
                if (index.startsWith(prefix)) { // by exact name only: other runs share the node
                    http.send(HttpRequest.newBuilder(URI.create(SEARCH + "/" + index)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
                }
            }
        } catch (Exception e) {
            // best effort
        }
    }

    private static Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(config);
    }
}
