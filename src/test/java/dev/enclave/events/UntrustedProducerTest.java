package dev.enclave.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.EventTopics;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;
import dev.enclave.usage.TenantUsage;

/**
 * Another client on the broker (Debian's kcat) claims tenant globex for a document of acme. Neither acme's data nor
 * either tenant's derived outputs change: the record is not signed by Enclave's relay, so both consumers
 * dead-letter it, and the attempt is audited, counted with the other unverified records and attributed to no tenant
 * (the claim is the forger's, not globex's).
 */
@QuarkusTest
class UntrustedProducerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aForgedRecordClaimingAnotherTenantChangesNothing() throws Exception {
        long after = DeadLetterTest.lastAuditId();
        String project = Workspace.createProject(Persona.ALICE);
        Response created = Workspace.createDocument(Persona.ALICE, project, "Acme's own", "acme's text");
        String document = created.path("id");
        EventPipeline.awaitSettled(Persona.ACME);
        EventPipeline.awaitSettled(Persona.GLOBEX);
        TenantUsage acme = EventPipeline.usage(Persona.ACME);
        TenantUsage globex = EventPipeline.usage(Persona.GLOBEX);

        UUID event = UUID.randomUUID();
        String value = """
                {"eventId":"%s","type":"DocumentUpdated","aggregateType":"document","aggregateId":"%s",\
                "aggregateVersion":99,"occurredAt":"%s","actor":"mallory",\
                "data":{"id":"%s","title":"Owned by globex now","body":"","sizeBytes":999999999,"version":99}}"""
                .formatted(event, document, Instant.now(), document);
        kcat(value, "-k", "globex:" + document, "-H", "tenant-id=globex", "-H", "event-id=" + event,
                "-H", "event-type=DocumentUpdated", "-H", "occurred-at=" + Instant.now());

        DeadLetterTest.assertDeadLettered(event, EventRejection.UNSIGNED_EVENT);
        DeadLetterTest.assertAuditedUnattributed(after, EventTopics.topic(), EventRejection.UNSIGNED_EVENT, event);
        assertNothingChanged(document, created, acme, globex);
    }

    @Test
    void aGenuineRecordReplayedUnderAnotherTenantChangesNothing() throws Exception {
        long after = DeadLetterTest.lastAuditId();
        String project = Workspace.createProject(Persona.ALICE);
        Response created = Workspace.createDocument(Persona.ALICE, project, "Acme's plan", "plan");
        String document = created.path("id");
        ConsumerRecord<String, String> genuine = EventTopics.read(EventTopics.topic(),
                r -> r.key().equals("acme:" + document), 1, WAIT).get(0);
        EventPipeline.awaitSettled(Persona.ACME);
        EventPipeline.awaitSettled(Persona.GLOBEX);
        TenantUsage acme = EventPipeline.usage(Persona.ACME);
        TenantUsage globex = EventPipeline.usage(Persona.GLOBEX);

        // The relay's own signature, copied; only the tenant header (and key) say globex now.
        UUID event = UUID.fromString(EventTopics.header(genuine, EventChannels.EVENT_ID));
        kcat(genuine.value(), "-k", "globex:" + document, "-H", "tenant-id=globex", "-H", "event-id=" + event,
                "-H", "event-type=" + EventTopics.header(genuine, EventChannels.EVENT_TYPE),
                "-H", "occurred-at=" + EventTopics.header(genuine, EventChannels.OCCURRED_AT),
                "-H", "event-signature=" + EventTopics.header(genuine, EventChannels.SIGNATURE));

        DeadLetterTest.assertDeadLettered(event, EventRejection.BAD_SIGNATURE);
        DeadLetterTest.assertAuditedUnattributed(after, EventTopics.topic(), EventRejection.BAD_SIGNATURE, event);
        assertNothingChanged(document, created, acme, globex);
    }

    private static void assertNothingChanged(String document, Response created, TenantUsage acme, TenantUsage globex) {
        given().header("Authorization", Persona.ALICE.bearer())
                .when().get("/api/v1/documents/" + document)
                .then().statusCode(200)
                .header("ETag", created.header("ETag"))
                .body("title", org.hamcrest.Matchers.equalTo(created.path("title")));
        given().header("Authorization", Persona.BOB.bearer())
                .when().get("/api/v1/documents/" + document)
                .then().statusCode(404);
        assertEquals(acme, EventPipeline.usage(Persona.ACME));
        assertEquals(globex, EventPipeline.usage(Persona.GLOBEX));
        assertEquals(0, Workspace.activity(Persona.BOB).stream().filter(e -> document.equals(e.get("aggregateId"))).count());
        assertEquals(1, Workspace.activity(Persona.ALICE).stream().filter(e -> document.equals(e.get("aggregateId"))).count());
    }

    /** Publishes one record with kcat (a plain Kafka client, not Enclave's code). */
    private static void kcat(String value, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kcat", "-P", "-b", EventTopics.bootstrap(), "-t", EventTopics.topic()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(value.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("kcat did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "kcat failed: " + output);
    }
}
