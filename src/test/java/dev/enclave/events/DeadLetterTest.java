package dev.enclave.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * Records whose tenant is missing, malformed or unknown go to the dead-letter topic with the reason and to the audit
 * log, and are never processed; a suspended tenant's wait until it is resumed. Signed ones (unknown tenant) are
 * audited once per consumer,
 * with their tenant; unverified ones (no usable tenant, no valid signature) are counted into an aggregate audit
 * record without tenant (UnverifiedRecords), so a flood of them cannot flood the audit log.
 */
@QuarkusTest
class DeadLetterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUSPENDED = "initech";

    @Test
    void aRecordWithoutTenantHeaderIsDeadLetteredAuditedAndNotProcessed() {
        long after = lastAuditId();
        UUID event = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        ProducerRecord<String, String> record = record("acme:" + document, event, document);
        EventTopics.publish(List.of(record)); // no tenant-id header at all

        assertDeadLettered(event, EventRejection.MISSING_TENANT);
        assertAuditedUnattributed(after, EventTopics.topic(), EventRejection.MISSING_TENANT, event);
        assertNotProcessed(event, document);
    }

    @Test
    void aRecordWithAMalformedTenantIsDeadLettered() {
        long after = lastAuditId();
        UUID event = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        ProducerRecord<String, String> record = record("x:" + document, event, document);
        record.headers().add(EventChannels.TENANT_ID, "ACME; drop table tenants".getBytes(StandardCharsets.UTF_8));
        EventTopics.publish(List.of(record));

        assertDeadLettered(event, EventRejection.MALFORMED_TENANT);
        assertAuditedUnattributed(after, EventTopics.topic(), EventRejection.MALFORMED_TENANT, event);
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

    /**
     * A suspended tenant's events wait for it (issue 13): a record already on its way when the tenant was suspended
     * is neither processed nor dead-lettered while it is suspended, and is processed once it is active again.
     */
    @Test
    void aSignedRecordOfASuspendedTenantIsHeldAndProcessedAfterTheResume() throws Exception {
        registerSuspendedTenant();
        UUID event = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        try {
            EventTopics.publish(List.of(signed(SUSPENDED, event, document)));

            assertTrue(EventTopics.read(EventTopics.deadLetterTopic(),
                    r -> event.toString().equals(EventTopics.header(r, EventChannels.EVENT_ID)), 1, Duration.ofSeconds(5)).isEmpty(),
                    "not dead-lettered");
            assertFalse(EventPipeline.processed(SUSPENDED, EventPipeline.USAGE_METER, event));
            assertFalse(EventPipeline.processed(SUSPENDED, EventPipeline.ACTIVITY_FEED, event));

            setStatus("active");
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> EventPipeline.processed(SUSPENDED, EventPipeline.USAGE_METER, event)
                    && EventPipeline.processed(SUSPENDED, EventPipeline.ACTIVITY_FEED, event));
        } finally {
            setStatus("suspended");
        }
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
        List<Map<String, Object>> mine = deniedBySystem().stream().filter(e -> ("event/" + event).equals(e.get("resource"))).toList();
        assertEquals(2, mine.size(), "one audit record per consumer");
        for (Map<String, Object> entry : mine) {
            assertEquals(reason, entry.get("reason"));
            assertEquals(targetTenant, entry.get("targetTenant"));
            assertTrue(((String) entry.get("action")).startsWith("consume:"));
        }
    }

    /**
     * An unverified record is not audited on its own and names no tenant: an aggregate record written after
     * {@code after} counts the records refused on {@code topic} for {@code reason} (UnverifiedRecords, written once per
     * window: waited for).
     */
    static void assertAuditedUnattributed(long after, String topic, String reason, UUID event) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> counted = deniedBySystem().stream()
                    .filter(e -> ((Number) e.get("id")).longValue() > after && reason.equals(e.get("reason"))
                            && "consume:unverified".equals(e.get("action"))
                            && ((String) e.get("resource")).startsWith("event-records?topic=" + topic + "&count="))
                    .toList();
            assertFalse(counted.isEmpty(), "an aggregate audit record of " + reason + " on " + topic);
            counted.forEach(e -> assertNull(e.get("targetTenant"), "an unverified record names no tenant: " + e));
        });
        assertTrue(deniedBySystem().stream().noneMatch(e -> ("event/" + event).equals(e.get("resource"))),
                "no audit record of its own");
    }

    /** The id of the newest audit record: a test's records have larger ones. */
    static long lastAuditId() {
        List<Map<String, Object>> newest = given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/audit?limit=1").then().statusCode(200).extract().jsonPath().getList("items");
        return newest.isEmpty() ? 0 : ((Number) newest.get(0).get("id")).longValue();
    }

    private static List<Map<String, Object>> deniedBySystem() {
        return given().header("Authorization", Persona.ROOT.bearer())
                .when().get("/admin/v1/audit?outcome=denied&actor=system&limit=200")
                .then().statusCode(200).extract().jsonPath().getList("items");
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

    private static void setStatus(String status) throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection owner = DriverManager.getConnection(url, "enclave_owner", "trust-auth-ignores-this");
                Statement update = owner.createStatement()) {
            update.execute("update tenants set status = '" + status + "' where id = '" + SUSPENDED + "'");
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
