package dev.enclave.limits.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;

/**
 * Admitted /api/ requests run in turns shared fairly between tenants (RequestTurns), over real HTTP: the turn of
 * every request comes back whatever its answer, also when its client goes away while it waits, and a quiet
 * tenant's request is served ahead of a neighbour's queue.
 */
@QuarkusTest
class RequestTurnsHttpTest {

    static final TenantId ACME = new TenantId(Persona.ACME);
    static final TenantId GLOBEX = new TenantId(Persona.GLOBEX);

    @Inject
    RequestTurns turns;

    @Inject
    MeterRegistry metrics;

    final List<RequestTurns.Turn> held = new ArrayList<>();

    @AfterEach
    void giveBackHeld() {
        held.forEach(RequestTurns.Turn::close);
        held.clear();
    }

    /** Takes every free turn, as requests of {@code tenant} running elsewhere on this instance would. */
    private void holdAllTurns(TenantId tenant) {
        // Requests of earlier tests may still be finishing on a loaded machine: a turn they give back later would
        // go to a request this test means to keep waiting.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> turns.waitingRequests() == 0 && turns.free() == turns.concurrency());
        for (int i = turns.free(); i > 0; i--) {
            held.add(turns.take(tenant));
        }
        assertThat(turns.free(), is(0));
    }

    private void awaitAllGivenBack(int free) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(turns.running(ACME), is(0));
            assertThat(turns.running(GLOBEX), is(0));
            assertThat(turns.waitingRequests(), is(0));
            assertThat(turns.free(), is(free));
        });
    }

    @Test
    void everyAnswerGivesItsTurnBack() {
        int free = turns.free();
        double waitsBefore = metrics.get("enclave.limits.turns.wait").timer().count();
        given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", Persona.ALICE.bearer())
                .when().get("/api/v1/documents/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/documents/not-a-uuid")
                .then().statusCode(400);
        given().header("Authorization", Persona.CAROL.bearer()) // viewers do not spend the AI budget
                .when().post("/api/v1/documents/" + UUID.randomUUID() + "/summary").then().statusCode(403);
        given().header("Authorization", Persona.ALICE.bearer()).contentType("application/json")
                .body("{\"name\": ").when().post("/api/v1/projects").then().statusCode(400);
        assertThat("each admitted request took a turn", metrics.get("enclave.limits.turns.wait").timer().count() - waitsBefore,
                greaterThanOrEqualTo(4.0));
        awaitAllGivenBack(free);
    }

    @Test
    void aClientThatLeavesWhileWaitingForATurnLeavesNoTurnTaken() throws Exception {
        int free = turns.free();
        holdAllTurns(GLOBEX);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + Persona.ALICE.bearer()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> turns.waitingRequests() == 1);
        } // the client is gone while its request waits
        giveBackHeld(); // its request now gets a turn for an exchange that has ended: it must give it back
        awaitAllGivenBack(free);
    }

    @Test
    void aQuietTenantIsServedAheadOfANeighboursQueue() throws Exception {
        int free = turns.free();
        holdAllTurns(ACME); // acme's requests hold every turn ...
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<Integer>> acme = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // ... and three more of acme's wait
            acme.add(send(http, Persona.ALICE));
            int waiting = i + 1;
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> turns.waitingRequests() == waiting);
        }
        CompletableFuture<Integer> globex = send(http, Persona.BOB);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> turns.waitingRequests() == 4);

        // One turn comes free. It is handed over at once (under the turns' lock): to globex, which runs nothing,
        // though all three of acme's came first.
        held.remove(0).close();
        assertThat("acme's three still wait", turns.waitingRequests(), is(3));
        assertThat(globex.get(10, TimeUnit.SECONDS), is(200));
        giveBackHeld();
        for (CompletableFuture<Integer> queued : acme) {
            assertThat(queued.get(10, TimeUnit.SECONDS), is(200));
        }
        awaitAllGivenBack(free);
    }

    private static CompletableFuture<Integer> send(HttpClient http, Persona persona) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/v1/me"))
                .header("Authorization", persona.bearer()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }
}
