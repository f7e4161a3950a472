package dev.enclave.offboarding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;


import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.events.EventsConfig;
import dev.enclave.placement.TenantDataSource;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;

/**
 * What the purge cannot delete: the tenant's events already published to Kafka (records are not deleted one by one;
 * a topic's retention deletes whole segments). Read before the purge, while the outbox still shows what was
 * published: how many of the tenant's events the outbox still records as published, the last publication, and each
 * topic's {@code retention.ms} and {@code segment.ms}, from which the time by which the last of them is gone.
 */
@ApplicationScoped
class KafkaRetention {

    private static final String PUBLISHED = "select count(*), max(published_at) from outbox_events where published_at is not null";

    private final TenantDataSource dataSource;
    private final TenantScope scope;
    private final EventsConfig events;
    private final OffboardingConfig config;
    private final ObjectMapper json;
    private final String bootstrap;

    KafkaRetention(TenantDataSource dataSource, TenantScope scope, EventsConfig events, OffboardingConfig config, ObjectMapper json,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.dataSource = dataSource;
        this.scope = scope;
        this.events = events;
        this.config = config;
        this.json = json;
        this.bootstrap = bootstrap;
    }

    ObjectNode statement(TenantId tenant) {
        ObjectNode statement = json.createObjectNode();
        OffsetDateTime last = published(tenant, statement);
        long longestMs = 0;
        boolean forever = false;
        ArrayNode topics = statement.putArray("topics");
        for (Map.Entry<String, Optional<Config>> topic : topicConfigs().entrySet()) {
            if (topic.getValue().isEmpty()) {
                topics.addObject().put("topic", topic.getKey()).put("exists", false);
                continue;
            }
            long retention = Long.parseLong(topic.getValue().get().get("retention.ms").value());
            long segment = Long.parseLong(topic.getValue().get().get("segment.ms").value());
            topics.addObject().put("topic", topic.getKey()).put("retention_ms", retention).put("segment_ms", segment);
            forever |= retention < 0;
            longestMs = Math.max(longestMs, retention + segment);
        }
        if (last == null) {
            statement.putNull("all_expired_by");
            statement.put("meaning", "the outbox records no published event of the tenant (none, or all published longer ago than "
                    + events.relay().retention() + "); anything older has been deleted by the topics' retention");
        } else if (forever) {
            statement.putNull("all_expired_by");
            statement.put("meaning", "a topic keeps records forever (retention.ms -1): the tenant's published events stay there");
        } else {
            OffsetDateTime by = last.plus(Duration.ofMillis(longestMs));
            statement.put("all_expired_by", by.toString());
            statement.put("meaning", "Kafka records cannot be deleted one by one; the tenant's events stay in the topics until"
                    + " their retention deletes the segment holding them: the last was published at " + last
                    + ", so every one is gone by " + by + " at the latest (retention.ms + segment.ms)");
        }
        return statement;
    }

    private OffsetDateTime published(TenantId tenant, ObjectNode statement) {
        return scope.runAs(tenant, () -> {
            try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(PUBLISHED);
                    ResultSet row = query.executeQuery()) {
                row.next();
                OffsetDateTime last = row.getObject(2, OffsetDateTime.class);
                statement.put("published_events", row.getLong(1));
                statement.put("last_published_at", last == null ? null : last.withOffsetSameInstant(ZoneOffset.UTC).toString());
                statement.put("outbox_keeps_published_for", events.relay().retention().toString());
                return last;
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the tenant's published events: " + e.getMessage(), e);
            }
        });
    }

    /** The topics' configurations, by name; empty for a topic that does not exist (nothing was ever sent to it). */
    private Map<String, Optional<Config>> topicConfigs() {
        Map<String, Object> settings = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.kafkaTimeout().toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.kafkaTimeout().toMillis());
        Map<String, Optional<Config>> byTopic = new TreeMap<>();
        try (Admin admin = Admin.create(settings)) {
            for (String name : new TreeSet<>(List.of(events.topic(), events.deadLetterTopic()))) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
                try {
                    byTopic.put(name, Optional.of(admin.describeConfigs(List.of(resource)).all()
                            .get(config.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS).get(resource)));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    byTopic.put(name, Optional.empty());
                }
            }
            return byTopic;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE, "interrupted", Duration.ofSeconds(5));
        } catch (Exception e) {
            throw new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE,
                    "kafka topics' retention not read: " + e.getClass().getSimpleName(), Duration.ofSeconds(5));
        }
    }
}
