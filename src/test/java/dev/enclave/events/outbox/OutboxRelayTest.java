package dev.enclave.events.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.enclave.tenancy.NoTenantException;
import dev.enclave.tenancy.kafka.OutgoingTenantGuard;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.testing.EventTopics;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;

/** The relay: one instance per tenant at a time, per-aggregate order (the outgoing guard: OutgoingTenantGuardTest). */
@QuarkusTest
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TenantScope scope;

    @Inject
    DomainEvents events;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    /** "Another instance" holds acme's relay lock: this one leaves acme's rows alone until it is released. */
    @Test
    void aTenantBeingPublishedByAnotherInstanceIsLeftToIt() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String role = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        UUID aggregate = UUID.randomUUID();
        try (Connection other = DriverManager.getConnection(url, role, "")) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(OutboxRepository.TRY_LOCK.replace("?1", "?"))) {
                lock.setString(1, Persona.ACME);
                var result = lock.executeQuery();
                result.next();
                assertTrue(result.getBoolean(1), "the other instance got the lock");
            }
            record(aggregate);
            assertEquals(OutboxRelay.Outcome.LOCKED, relay.pass(new TenantId(Persona.ACME)));
            Thread.sleep(1_500); // the background workers keep trying meanwhile
            assertEquals(1, unpublished(aggregate), "still pending while the other instance holds the tenant");
            other.rollback(); // releases the transaction-scoped lock, as the other instance's pass ends
        }
        await().atMost(WAIT).until(() -> unpublished(aggregate) == 0);
        assertEquals(1, EventTopics.read(EventTopics.topic(), r -> r.key().equals("acme:" + aggregate), 2,
                Duration.ofSeconds(5)).size(), "published exactly once");
    }

    @Test
    void oneAggregatesEventsArriveInTheirOrder() {
        String project = Workspace.createProject(Persona.ALICE);
        Response created = Workspace.createDocument(Persona.ALICE, project, "Versions", "v0");
        String document = created.path("id");
        String etag = created.header("ETag");
        for (int i = 1; i <= 10; i++) {
            etag = Workspace.patchDocument(Persona.ALICE, document, etag, Map.of("body", "v" + i)).header("ETag");
        }
        List<ConsumerRecord<String, String>> records = EventTopics.read(EventTopics.topic(),
                r -> r.key().equals("acme:" + document), 11, WAIT);
        List<Long> versions = records.stream().map(r -> version(r.value())).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), versions);
        assertTrue(records.stream().map(ConsumerRecord::partition).distinct().count() == 1, "one partition per key");
    }

    @Test
    void theBacklogIsAMetricWithoutTenantLabel() {
        String metrics = io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("enclave_outbox_pending ")), "enclave_outbox_pending");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("enclave_outbox_oldest_pending_seconds ")));
    }

    @Test
    void aPublisherOutsideATenantContextCannotEvenBuildAMessage() {
        OutboxEntity row = new OutboxEntity();
        row.id = UUID.randomUUID();
        row.aggregateId = UUID.randomUUID();
        row.payload = "{}";
        assertInstanceOf(NoTenantException.class, org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> io.quarkus.arc.Arc.container().instance(OutboxPublisher.class).get().publish(row)));
    }

    private void record(UUID aggregate) {
        scope.runAs(new TenantId(Persona.ACME), () -> QuarkusTransaction.requiringNew().run(() -> events.record("document",
                aggregate, 0, "DocumentCreated", Map.of("id", aggregate, "title", "locked", "sizeBytes", 0))));
    }

    private long unpublished(UUID aggregate) {
        return scope.runAs(new TenantId(Persona.ACME), () -> QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from outbox_events where aggregate_id = ?1 and published_at is null")
                .setParameter(1, aggregate).getSingleResult()).longValue()));
    }

    private long version(String value) {
        try {
            return json.readTree(value).get("aggregateVersion").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
