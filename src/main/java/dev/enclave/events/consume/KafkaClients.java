package dev.enclave.events.consume;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The consumers' Kafka client (the deployment's {@code kafka.*} settings plus what the offset handling needs) and its readings. */
final class KafkaClients {

    private KafkaClients() {
    }

    static Consumer<String, String> consumer(Map<String, Object> kafka, String consumer, String groupId) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "enclave-" + consumer);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // KafkaEventSource commits what is done
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        // A blocking client call (a commit in a rebalance) gives up after this; the loop then goes on or starts over.
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        // A killed instance's partitions go to the others after this (the default 45 s outlasts a restart).
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Records on the broker the client has not read yet, over its partitions, as it last knew (no remote call). */
    static long lag(Consumer<?, ?> client) {
        long total = 0;
        for (TopicPartition partition : client.assignment()) {
            total += client.currentLag(partition).orElse(0);
        }
        return total;
    }

    /** Whether the client holds at least one connection to a broker. */
    static boolean connected(Consumer<?, ?> client) {
        for (Map.Entry<MetricName, ? extends Metric> metric : client.metrics().entrySet()) {
            if ("connection-count".equals(metric.getKey().name()) && metric.getValue().metricValue() instanceof Double count
                    && count >= 1) {
                return true;
            }
        }
        return false;
    }
}
