package dev.enclave.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.EventTopics;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;

/**
 * Records whose tenant is missing, malformed, unknown or suspended go to the dead-letter topic with the reason and
 * to the audit log, once per consumer, and are never processed.
 */
@QuarkusTest
class DeadLetterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUSPENDED = "initech";

    @Test
    void aRecordWithoutTenantHeaderIsDeadLetteredAuditedAndNotProcessed() {
        UUID event = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        ProducerRecord<String, String> record = record("acme:" + document, event, document);
        EventTopics.publish(List.of(record)); // no tenant-id header at all

        assertDeadLettered(event, EventRejection.MISSING_TENANT);
        assertAudited(event, EventRejection.MISSING_TENANT, null);
        assertNotProcessed(event, document);
    }

    @Test
    void aRecordWithAMalformedTenantIsDeadLettered() {
        UUID event = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        ProducerRecord<String, String> record = record("x:" + document, event, document);
        record.headers().add(EventChannels.TENANT_ID, "ACME; drop table tenants".getBytes(StandardCharsets.UTF_8));
        EventTopics.publish(List.of(record));

        assertDeadLettered(event, EventRejection.MALFORMED_TENANT);
        assertAudited(event, EventRejection.MALFORMED_TENANT, null);
        assertNotProcessed(event, document);
    }

    @Test
    void aSignedRecordOfAnUnknownTenantIsDeadLettered() {
        UUID event = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        EventTopics.publish(List.of(signed("nobody-here", event, document)));

        assertDeadLettered(event, EventRejection.UNKNOWN_TENANT);
        assertAudited(event, EventRejection.UNKNOWN_TENANT, "nobody-here");
        assertNotProcessed(event, document);
    }

    @Test
    void aSignedRecordOfASuspendedTenantIsDeadLettered() throws Exception {
        registerSuspendedTenant();
        UUID event = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        EventTopics.publish(List.of(signed(SUSPENDED, event, document)));

        assertDeadLettered(event, EventRejection.SUSPENDED_TENANT);
        assertAudited(event, EventRejection.SUSPENDED_TENANT, SUSPENDED);
        assertNotProcessed(event, document);
    }

    /** A record that passes every check is processed: the same helper, the registered tenant, nothing else. */
    @Test
    void theSameRecordSignedForAnActiveTenantIsProcessed() {
        UUID event = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        EventTopics.publish(List.of(signed(Persona.GLOBEX, event, document)));

        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> EventPipeline.processed(Persona.GLOBEX, EventPipeline.USAGE_METER, event)
                && EventPipeline.processed(Persona.GLOBEX, EventPipeline.ACTIVITY_FEED, event));
    }

    static ProducerRecord<String, String> record(String key, UUID event, UUID document) {
        String occurredAt = Instant.now().toString();
        String value = """
                {"eventId":"%s","type":"DocumentCreated","aggregateType":"document","aggregateId":"%s",\
                "aggregateVersion":0,"occurredAt":"%s","actor":"someone",\
                "data":{"id":"%s","title":"Injected","sizeBytes":1000000}}""".formatted(event, document, occurredAt, document);
        ProducerRecord<String, String> record = new ProducerRecord<>(EventTopics.topic(), key, value);
        record.headers().add(EventChannels.EVENT_ID, event.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventChannels.EVENT_TYPE, "DocumentCreated".getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventChannels.OCCURRED_AT, occurredAt.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Signed with the relay's key, as if Enclave had published it: only the registry check can stop it. */
    static ProducerRecord<String, String> signed(String tenant, UUID event, UUID document) {
        ProducerRecord<String, String> record = record(tenant + ":" + document, event, document);
        record.headers().add(EventChannels.TENANT_ID, tenant.getBytes(StandardCharsets.UTF_8));
        return SignedRecords.sign(record);
    }

    /** Both consumers dead-letter it, each with the reason header. */
    static void assertDeadLettered(UUID event, String reason) {
        List<ConsumerRecord<String, String>> dead = EventTopics.read(EventTopics.deadLetterTopic(),
                r -> event.toString().equals(EventTopics.header(r, EventChannels.EVENT_ID)), 2, WAIT);
        assertEquals(2, dead.size(), "one dead letter per consumer");
        dead.forEach(r -> assertEquals(reason, EventTopics.header(r, EventChannels.DEAD_LETTER_REASON)));
    }

    /** Both consumers audited it (the audit write precedes the dead-letter write). */
    static void assertAudited(UUID event, String reason, String targetTenant) {
        List<Map<String, Object>> entries = given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/audit?outcome=denied&actor=system&limit=200")
                .then().statusCode(200).extract().jsonPath().getList("items");
        List<Map<String, Object>> mine = entries.stream().filter(e -> ("event/" + event).equals(e.get("resource"))).toList();
        assertEquals(2, mine.size(), "one audit record per consumer");
        for (Map<String, Object> entry : mine) {
            assertEquals(reason, entry.get("reason"));
            assertEquals(targetTenant, entry.get("targetTenant"));
            assertTrue(((String) entry.get("action")).startsWith("consume:"));
        }
    }

    static void assertNotProcessed(UUID event, UUID aggregate) {
        for (String tenant : List.of(Persona.ACME, Persona.GLOBEX)) {
            assertFalse(EventPipeline.processed(tenant, EventPipeline.USAGE_METER, event));
            assertFalse(EventPipeline.processed(tenant, EventPipeline.ACTIVITY_FEED, event));
        }
        for (Persona member : List.of(Persona.ALICE, Persona.BOB)) {
            assertTrue(Workspace.activity(member).stream().noneMatch(e -> aggregate.toString().equals(e.get("aggregateId"))));
        }
    }

    /** The registry is the owner's table (the application only reads it). */
    private static void registerSuspendedTenant() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection owner = DriverManager.getConnection(url, "enclave_owner", "trust-auth-ignores-this");
                Statement insert = owner.createStatement()) {
            insert.execute("insert into tenants (id, name, plan, status) values ('" + SUSPENDED
                    + "', 'Initech', 'free', 'suspended') on conflict (id) do update set status = 'suspended'");
        }
    }
}
