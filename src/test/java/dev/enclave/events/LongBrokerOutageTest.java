package dev.enclave.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.Persona;
import dev.enclave.testing.PrivateKafkaResource;
import dev.enclave.testing.Workspace;

/**
 * The broker is away for longer than the consumers' client timeouts and session (45 s) while a tenant writes: the
 * API stays in rotation (readiness 200, the pipeline shown as degraded), liveness holds, and once the broker is back
 * the consumers apply each event once, without a restart of the service. (In tests the search indexer reads its own
 * topic, SearchRunResource; bench/faults.sh checks it against the relay's events.) Before
 * KafkaEventSource, readiness answered 503 for the whole outage and the connector's channels could fail for good.
 */
@QuarkusTest
@WithTestResource(value = PrivateKafkaResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class LongBrokerOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("enclave.test.outage-seconds", 60));

    @Test
    void consumersComeBackByThemselvesAndApplyEveryEventOnce() {
        String project = Workspace.createProject(Persona.ALICE);
        EventPipeline.awaitSettled(Persona.ACME);
        long eventsBefore = EventPipeline.usage(Persona.ACME).events();

        PrivateKafkaResource.stopBroker();
        List<String> documents = new ArrayList<>();
        long until = System.nanoTime() + OUTAGE.toNanos();
        while (System.nanoTime() < until) {
            documents.add(Workspace.createDocument(Persona.ALICE, project, "Outage " + documents.size(), "written while the broker is away")
                    .then().statusCode(201).extract().path("id"));
            given().get("/q/health/ready").then().statusCode(200); // the API is served: it stays in rotation
            given().get("/q/health/live").then().statusCode(200);
            Awaitility.await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'event-pipeline' }.data.broker-reachable", equalTo(false)));

        PrivateKafkaResource.startBroker();
        long back = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> EventPipeline.unsettled(Persona.ACME) == 0);
        double catchUp = (System.nanoTime() - back) / 1e9;

        // Each event applied once: one usage count and one feed entry per event, and every consumer recorded it.
        assertEquals(eventsBefore + documents.size(), EventPipeline.usage(Persona.ACME).events(), "each event metered once");
        List<Map<String, Object>> feed = Workspace.activity(Persona.ALICE);
        assertEquals(documents.size(), feed.stream().filter(e -> documents.contains(e.get("aggregateId"))).count(),
                "each event once in the feed");
        given().get("/q/health/live").then().statusCode(200).body("checks.find { it.name == 'event-consumers' }.status",
                equalTo("UP"));
        System.out.printf("broker outage %d s, %d writes: consumers caught up %.1f s after the broker was back%n",
                OUTAGE.toSeconds(), documents.size(), catchUp);
        assertTrue(documents.size() > 10, "writes went on during the outage");
    }
}
