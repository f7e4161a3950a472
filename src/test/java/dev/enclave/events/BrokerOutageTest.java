package dev.enclave.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.EventTopics;
import dev.enclave.testing.Persona;
import dev.enclave.testing.PrivateKafkaResource;
import dev.enclave.testing.Workspace;
import dev.enclave.usage.TenantUsage;

/**
 * The broker goes down in the middle of 200 writes and comes back: every event arrives, each aggregate's in order,
 * and none counts twice in the derived outputs. Runs against a private broker of its own (the shared one is never
 * stopped), so the application restarts for this class.
 */
@QuarkusTest
@WithTestResource(value = PrivateKafkaResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class BrokerOutageTest {

    private static final Logger LOG = Logger.getLogger(BrokerOutageTest.class);
    private static final int WRITES = 200;

    @Inject
    ObjectMapper json;

    @Test
    void everyEventWrittenDuringAnOutageArrivesOnce() throws Exception {
        // The pipeline works before the outage (this also lets the consumers get their partitions).
        String project = Workspace.createProject(Persona.ALICE);
        EventPipeline.awaitSettled(Persona.ACME);
        TenantUsage before = EventPipeline.usage(Persona.ACME);

        List<String> documents = new ArrayList<>();
        Map<String, Long> lastSize = new HashMap<>();
        Map<String, String> etags = new HashMap<>();
        CompletableFuture<Void> restarted = null;
        for (int i = 0; i < WRITES; i++) {
            if (i == 50) {
                PrivateKafkaResource.stopBroker();
            }
            if (i == 150) { // writes go on while the broker starts again
                restarted = CompletableFuture.runAsync(PrivateKafkaResource::startBroker);
            }
            Response response;
            if (i % 2 == 0) {
                response = Workspace.createDocument(Persona.ALICE, project, "Outage " + i, "written during the outage " + i);
                documents.add(response.path("id"));
            } else {
                String document = documents.get(documents.size() - 1);
                response = Workspace.patchDocument(Persona.ALICE, document, etags.get(document),
                        Map.of("body", "changed while the broker was away, write " + i));
            }
            String document = response.path("id");
            etags.put(document, response.header("ETag"));
            lastSize.put(document, ((Number) response.path("sizeBytes")).longValue());
        }
        restarted.get();

        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> EventPipeline.unsettled(Persona.ACME) == 0);

        TenantUsage after = EventPipeline.usage(Persona.ACME);
        assertEquals(before.documents() + WRITES / 2, after.documents());
        assertEquals(before.storedBytes() + lastSize.values().stream().mapToLong(Long::longValue).sum(), after.storedBytes());
        assertEquals(before.events() + WRITES, after.events(), "each event metered once");

        List<Map<String, Object>> feed = Workspace.activity(Persona.ALICE);
        List<Map<String, Object>> ours = feed.stream().filter(e -> documents.contains(e.get("aggregateId"))).toList();
        assertEquals(WRITES, ours.size(), "each event once in the feed");
        assertEquals(WRITES, ours.stream().map(e -> e.get("eventId")).distinct().count());

        // On the topic: all 200, each document's versions in order (a retried batch may repeat some; consumers skip them).
        Set<String> keys = new HashSet<>();
        documents.forEach(d -> keys.add("acme:" + d));
        List<ConsumerRecord<String, String>> records = EventTopics.read(EventTopics.topic(), r -> keys.contains(r.key()),
                WRITES, Duration.ofSeconds(60));
        Map<String, Long> seen = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            long version = json.readTree(record.value()).get("aggregateVersion").asLong();
            if (eventIds.add(EventTopics.header(record, EventChannels.EVENT_ID))) {
                Long previous = seen.put(record.key(), version);
                assertTrue(previous == null || previous < version, "per-aggregate order on " + record.key());
            }
        }
        assertEquals(WRITES, eventIds.size(), "all events arrived");
        LOG.infof("broker outage: %d records on the topic for %d events (%d re-sent)", records.size(), WRITES,
                records.size() - WRITES);
    }
}
