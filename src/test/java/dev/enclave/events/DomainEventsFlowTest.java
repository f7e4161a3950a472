package dev.enclave.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.events.outbox.DomainEvents;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.EventTopics;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;
import dev.enclave.usage.TenantUsage;

/** A change goes database -> outbox -> Kafka -> usage meter and activity feed, of its own tenant only, once. */
@QuarkusTest
class DomainEventsFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TenantScope scope;

    @Inject
    DomainEvents events;

    @Inject
    MeterRegistry metrics;

    @Test
    void aDocumentChangeShowsUpInItsTenantsUsageAndActivityOnly() {
        EventPipeline.awaitSettled(Persona.ACME);
        EventPipeline.awaitSettled(Persona.GLOBEX);
        TenantUsage acme = EventPipeline.usage(Persona.ACME);
        TenantUsage globex = EventPipeline.usage(Persona.GLOBEX);

        String project = Workspace.createProject(Persona.ALICE);
        Response created = Workspace.createDocument(Persona.ALICE, project, "Quarterly plan", "Grow carefully.");
        String document = created.path("id");
        long size = ((Number) created.path("sizeBytes")).longValue();

        await().atMost(WAIT).until(() -> hasEntry(Persona.ALICE, document, "DocumentCreated"));
        EventPipeline.awaitSettled(Persona.ACME);
        TenantUsage after = EventPipeline.usage(Persona.ACME);
        assertEquals(acme.projects() + 1, after.projects());
        assertEquals(acme.documents() + 1, after.documents());
        assertEquals(acme.storedBytes() + size, after.storedBytes());
        assertEquals(acme.events() + 2, after.events());

        Response patched = Workspace.patchDocument(Persona.ALICE, document, created.header("ETag"),
                Map.of("body", "Grow carefully, and then some more."));
        long newSize = ((Number) patched.path("sizeBytes")).longValue();
        await().atMost(WAIT).until(() -> hasEntry(Persona.ALICE, document, "DocumentUpdated"));
        EventPipeline.awaitSettled(Persona.ACME);
        assertEquals(acme.storedBytes() + newSize, EventPipeline.usage(Persona.ACME).storedBytes());

        Workspace.deleteDocument(Persona.ALICE, document);
        await().atMost(WAIT).until(() -> hasEntry(Persona.ALICE, document, "DocumentDeleted"));
        EventPipeline.awaitSettled(Persona.ACME);
        TenantUsage deleted = EventPipeline.usage(Persona.ACME);
        assertEquals(acme.documents(), deleted.documents());
        assertEquals(acme.storedBytes(), deleted.storedBytes());

        // Nothing of it reached the other tenant.
        EventPipeline.awaitSettled(Persona.GLOBEX);
        assertEquals(globex, EventPipeline.usage(Persona.GLOBEX));
        assertTrue(Workspace.activity(Persona.BOB).stream().noneMatch(e -> document.equals(e.get("aggregateId"))
                || project.equals(e.get("aggregateId"))));
    }

    @Test
    void aRedeliveredEventCountsOnce() {
        String project = Workspace.createProject(Persona.BOB);
        String document = Workspace.createDocument(Persona.BOB, project, "Once", "only once").path("id");
        EventPipeline.awaitSettled(Persona.GLOBEX);
        TenantUsage before = EventPipeline.usage(Persona.GLOBEX);
        double duplicates = duplicates("usage-meter") + duplicates("activity-feed");

        // The very record the relay published, sent again by another client (as a broker redelivery would).
        ConsumerRecord<String, String> original = EventTopics.read(EventTopics.topic(),
                r -> r.key().endsWith(":" + document), 1, WAIT).get(0);
        ProducerRecord<String, String> again = new ProducerRecord<>(EventTopics.topic(), original.key(), original.value());
        original.headers().forEach(h -> again.headers().add(h.key(), h.value()));
        EventTopics.publish(List.of(again));

        await().atMost(WAIT).until(() -> duplicates("usage-meter") + duplicates("activity-feed") >= duplicates + 2);
        assertEquals(before, EventPipeline.usage(Persona.GLOBEX));
        assertEquals(1, Workspace.activity(Persona.BOB).stream().filter(e -> document.equals(e.get("aggregateId"))).count());
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        UUID rolledBack = UUID.randomUUID();
        UUID committed = UUID.randomUUID();
        try {
            scope.runAs(new TenantId(Persona.ACME), () -> QuarkusTransaction.requiringNew().run(() -> {
                events.record("document", rolledBack, 0, "DocumentCreated", Map.of("id", rolledBack, "title", "never"));
                throw new IllegalStateException("the change fails after its event was recorded");
            }));
        } catch (IllegalStateException expected) {
            // rolled back
        }
        scope.runAs(new TenantId(Persona.ACME), () -> QuarkusTransaction.requiringNew().run(() -> events.record("document",
                committed, 0, "DocumentCreated", Map.of("id", committed, "title", "kept", "sizeBytes", 0))));

        // Once the later, committed event went all the way through, the rolled-back one would have too.
        await().atMost(WAIT).until(() -> hasEntry(Persona.ALICE, committed.toString(), "DocumentCreated"));
        EventPipeline.awaitSettled(Persona.ACME);
        assertTrue(Workspace.activity(Persona.ALICE).stream().noneMatch(e -> rolledBack.toString().equals(e.get("aggregateId"))));
        List<ConsumerRecord<String, String>> published = EventTopics.read(EventTopics.topic(),
                r -> r.key().endsWith(":" + rolledBack) || r.key().endsWith(":" + committed), 2, Duration.ofSeconds(5));
        assertEquals(List.of("acme:" + committed), published.stream().map(ConsumerRecord::key).toList());
    }

    @Test
    void publishedRecordsCarryTheContractsKeyAndHeaders() {
        String project = Workspace.createProject(Persona.ALICE);
        ConsumerRecord<String, String> record = EventTopics.read(EventTopics.topic(),
                r -> r.key().equals("acme:" + project), 1, WAIT).get(0);
        assertEquals(Persona.ACME, EventTopics.header(record, EventChannels.TENANT_ID));
        assertEquals("ProjectCreated", EventTopics.header(record, EventChannels.EVENT_TYPE));
        String eventId = UUID.fromString(EventTopics.header(record, EventChannels.EVENT_ID)).toString();
        java.time.Instant.parse(EventTopics.header(record, EventChannels.OCCURRED_AT));
        // v2:<key id>:<mac>, over the topic too: it verifies on this topic and nowhere else.
        String signature = EventTopics.header(record, EventChannels.SIGNATURE);
        assertThat(signature, startsWith("v2:k1:"));
        String type = EventTopics.header(record, EventChannels.EVENT_TYPE);
        String occurredAt = EventTopics.header(record, EventChannels.OCCURRED_AT);
        assertTrue(SignedRecords.relaysKey().verify(signature, EventTopics.topic(), Persona.ACME, eventId, type, occurredAt,
                record.key(), record.value()));
        assertFalse(SignedRecords.relaysKey().verify(signature, EventTopics.topic() + ".copy", Persona.ACME, eventId, type,
                occurredAt, record.key(), record.value()));
        assertThat(record.value(), containsString("\"aggregateType\":\"project\""));
        assertThat(record.value(), containsString("\"aggregateVersion\":0"));
        assertThat(record.value(), containsString("\"eventId\":\"" + eventId + "\""));
        assertThat(record.value(), not(containsString(Persona.ACME))); // the value never carries the tenant
        List<String> headers = java.util.Arrays.stream(record.headers().toArray()).map(h -> h.key()).toList();
        assertTrue(headers.containsAll(List.of("tenant-id", "event-id", "event-type", "occurred-at", "event-signature")),
                headers.toString());
    }

    private double duplicates(String consumer) {
        var counter = metrics.find("enclave.events.duplicates").tag("consumer", consumer).counter();
        return counter == null ? 0 : counter.count();
    }

    private static boolean hasEntry(Persona who, String aggregateId, String type) {
        return Workspace.activity(who).stream()
                .anyMatch(e -> aggregateId.equals(e.get("aggregateId")) && type.equals(e.get("type")));
    }
}
