package dev.enclave.testing;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Domain-event topics and consumer groups of THIS test run, so that runs sharing one broker (other checkouts, CI
 * retries) never see each other's events. The topics are deleted when the run ends.
 */
public class EventTopicsResource implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager {

    static final String BOOTSTRAP = LocalStack.Component.KAFKA.address();
    private final String run = "t" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> start() {
        // Kafka is up: LocalStack starts before this resource (order).
        // Created up front (3 partitions, like production): consumers then get their partitions at once instead of
        // waiting for a metadata refresh after the first record auto-creates the topic.
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic(), 3, (short) 1), new NewTopic(deadLetterTopic(), 1, (short) 1)))
                    .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create this run's event topics on " + BOOTSTRAP, e);
        }
        return Map.of(
                "enclave.events.topic", topic(),
                "enclave.events.dead-letter-topic", deadLetterTopic(),
                "enclave.events.group-suffix", "-" + run);
    }

    @Override
    public void stop() {
        try (Admin admin = Admin.create(adminConfig())) {
            admin.deleteTopics(List.of(topic(), deadLetterTopic())).all()
                    .get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // Best effort: a leftover topic of a finished run harms no other run.
        }
    }

    private String topic() {
        return "enclave.domain-events." + run;
    }

    private String deadLetterTopic() {
        return "enclave.domain-events.dlq." + run;
    }

    private static Properties adminConfig() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return config;
    }
}
