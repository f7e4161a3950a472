package dev.enclave.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;

import dev.enclave.testing.PackagedApp;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;
import dev.enclave.testing.Workspace;

/**
 * {@code kill -9} of an instance in the middle of a write burst, then a new instance: every write that was answered
 * 201 exists, and its event reaches the activity feed and the usage meter exactly once. Writes that got no answer
 * may or may not exist; whatever exists is counted once too (usage events = outbox events).
 */
@QuarkusIntegrationTest
class KillDuringWriteBurstIT {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @Test
    void everyAcknowledgedWriteExistsAndReachesEachConsumerOnce() throws Exception {
        String project = Workspace.createProject(Persona.ALICE);
        long eventsBefore = count("select count(*) from outbox_events where tenant_id = 'acme'");
        long meteredBefore = count("select events from usage_counters where tenant_id = 'acme'");
        List<UUID> acknowledged = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        PackagedApp victim = PackagedApp.startAnother("kill-9-victim");
        ExecutorService writers = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String bearer = Persona.ALICE.bearer();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.execute(() -> {
                for (int i = 0; writing.get(); i++) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(victim.baseUri() + "/api/v1/projects/" + project + "/documents"))
                            .header("Authorization", bearer).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Burst " + writer + "-" + i + "\",\"body\":\"kill -9 test\"}"))
                            .build();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        Matcher id = ID.matcher(response.body());
                        if (response.statusCode() == 201 && id.find()) {
                            acknowledged.add(UUID.fromString(id.group(1)));
                        }
                    } catch (Exception unanswered) { // the instance died under this write: not acknowledged
                        return;
                    }
                }
            });
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 100);
        victim.kill();
        writing.set(false);
        writers.shutdown();
        assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));

        try (PackagedApp restarted = PackagedApp.startAnother("kill-9-restarted")) {
            // Its outbox relay publishes what the dead instance left; the consumers take over its partitions.
            Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count("select count(*) from outbox_events where tenant_id = 'acme' and published_at is null") == 0
                            && appliedBy("activity-feed", acknowledged) == acknowledged.size()
                            && appliedBy("usage-meter", acknowledged) == acknowledged.size()
                            && count("select events from usage_counters where tenant_id = 'acme'") - meteredBefore
                                    == count("select count(*) from outbox_events where tenant_id = 'acme'") - eventsBefore);
        }
        assertEquals(acknowledged.size(), countOf("select count(*) from documents where tenant_id = 'acme' and id = any(?)", acknowledged),
                "every acknowledged write exists");
        assertEquals(acknowledged.size(), countOf("select count(*) from activity_entries where tenant_id = 'acme' and aggregate_id = any(?)",
                acknowledged), "each acknowledged write's event is in the feed exactly once");
        long events = count("select count(*) from outbox_events where tenant_id = 'acme'") - eventsBefore;
        assertEquals(events, count("select events from usage_counters where tenant_id = 'acme'") - meteredBefore,
                "every event that exists was metered exactly once");
        System.out.printf("kill -9 during a burst: %d acknowledged, %d events in all (unanswered writes that committed: %d)%n",
                acknowledged.size(), events, events - acknowledged.size());
    }

    private static long appliedBy(String consumer, List<UUID> documents) throws SQLException {
        return countOf("""
                select count(distinct o.aggregate_id) from outbox_events o
                  join processed_events p on p.tenant_id = o.tenant_id and p.event_id = o.id and p.consumer = '""" + consumer + """
                ' where o.tenant_id = 'acme' and o.aggregate_id = any(?)""", documents);
    }

    private static long count(String sql) throws SQLException {
        return countOf(sql, null);
    }

    private static long countOf(String sql, List<UUID> ids) throws SQLException {
        try (Connection db = TestDatabase.asSuperuser(); PreparedStatement query = db.prepareStatement(sql)) {
            if (ids != null) {
                query.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
