package dev.enclave.limits.admission;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;

/** Turns to run requests: a burst of one tenant queues behind itself, not in front of another tenant. */
class RequestTurnsTest {

    static final TenantId ACME = new TenantId(Persona.ACME);
    static final TenantId GLOBEX = new TenantId(Persona.GLOBEX);
    static final TenantId INITECH = new TenantId("initech");

    final ExecutorService threads = Executors.newCachedThreadPool();
    final List<String> order = new CopyOnWriteArrayList<>();
    final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    RequestTurns turns(int concurrency, Duration maxWait) {
        return new RequestTurns(concurrency, maxWait, new SimpleMeterRegistry());
    }

    /** Takes a turn on another thread, notes who got it and holds it until {@link #finish} lets it go. */
    CompletableFuture<Void> request(RequestTurns turns, TenantId tenant, String name) {
        CountDownLatch hold = holds.computeIfAbsent(name, n -> new CountDownLatch(1));
        return CompletableFuture.runAsync(() -> {
            try (RequestTurns.Turn turn = turns.take(tenant)) {
                order.add(name);
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threads);
    }

    /**
     * Lets one running request end and waits until the turn it frees has started the next one. One turn at a time:
     * two turns freed together would start two requests whose threads note themselves in either order.
     */
    void finish(String name, int runSoFar) {
        holds.get(name).countDown();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == runSoFar);
    }

    void awaitWaiting(RequestTurns turns, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> turns.waitingRequests() == count);
    }

    @Test
    void aQuietTenantGetsTheNextFreeTurnAheadOfANeighboursBurst() throws Exception {
        RequestTurns turns = turns(2, Duration.ofSeconds(10));
        RequestTurns.Turn first = turns.take(ACME);
        RequestTurns.Turn second = turns.take(ACME);
        for (int i = 0; i < 5; i++) {
            request(turns, ACME, "acme-" + i);
            awaitWaiting(turns, i + 1);
        }
        request(turns, GLOBEX, Persona.GLOBEX);
        awaitWaiting(turns, 6);

        first.close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !order.isEmpty());
        assertThat("acme runs 1 and waits with 5, globex runs 0: globex is next", order, contains(Persona.GLOBEX));
        assertThat(turns.running(GLOBEX), is(1));
        assertThat(turns.running(ACME), is(1));

        second.close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 2);
        finish(Persona.GLOBEX, 3);
        for (int i = 0; i < 3; i++) {
            finish("acme-" + i, 4 + i);
        }
        assertThat("acme's own burst runs in the order it came", order.subList(1, 6),
                contains("acme-0", "acme-1", "acme-2", "acme-3", "acme-4"));
        finish("acme-3", 6);
        finish("acme-4", 6);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> turns.running(ACME) == 0);
        assertThat(turns.free(), is(2));
    }

    @Test
    void tenantsRunningAsManyTakeTurnsInTheOrderTheyCame() throws Exception {
        RequestTurns turns = turns(1, Duration.ofSeconds(10));
        RequestTurns.Turn held = turns.take(INITECH);
        request(turns, GLOBEX, Persona.GLOBEX);
        awaitWaiting(turns, 1);
        request(turns, ACME, Persona.ACME);
        awaitWaiting(turns, 2);
        held.close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 1);
        finish(Persona.GLOBEX, 2);
        assertThat(order, contains(Persona.GLOBEX, Persona.ACME));
        finish(Persona.ACME, 2);
    }

    @Test
    void aRequestThatWaitsPastMaxWaitIsToldToRetryAndLeavesNoTrace() {
        RequestTurns turns = turns(1, Duration.ofMillis(100));
        RequestTurns.Turn held = turns.take(ACME);
        RetryLaterException busy = assertThrows(RetryLaterException.class, () -> turns.take(GLOBEX));
        assertThat(busy.problem().status(), is(503));
        assertThat(busy.problem().detail(), containsString("busy"));
        assertThat(turns.waitingRequests(), is(0));
        held.close();
        // The freed turn is free, not handed to the request that gave up.
        turns.take(GLOBEX).close();
        assertThat(turns.running(GLOBEX), is(0));
    }

    @Test
    void aTurnIsGivenBackOnceHoweverOftenItIsClosed() throws Exception {
        RequestTurns turns = turns(1, Duration.ofMillis(200));
        RequestTurns.Turn turn = turns.take(ACME);
        turn.close();
        turn.close(); // response filter and end handler both run
        RequestTurns.Turn next = turns.take(GLOBEX);
        assertThrows(RetryLaterException.class, () -> turns.take(ACME), "one turn only: the double close freed one");
        next.close();
    }

    @Test
    void steppingAsideLetsOthersRunWhileTheRequestWaitsAndTakesATurnBack() throws Exception {
        RequestTurns turns = turns(1, Duration.ofSeconds(10));
        RequestTurns.Turn summary = turns.take(ACME);
        String result = summary.stepAside(() -> {
            turns.take(GLOBEX).close(); // would time out if acme still held the only turn
            order.add("globex ran");
            return "summary";
        });
        assertThat(result, is("summary"));
        assertThat(order, contains("globex ran"));
        assertThat("the turn is held again", turns.running(ACME), is(1));
        summary.close();
        assertThat(turns.running(ACME), is(0));
    }

    @Test
    void aTurnClosedWhileAsideIsNotTakenBackForNobody() {
        RequestTurns turns = turns(1, Duration.ofMillis(200));
        RequestTurns.Turn turn = turns.take(ACME);
        turn.stepAside(() -> {
            turn.close(); // the response ended (client gone) while the request waited
            return null;
        });
        assertThat(turns.running(ACME), is(0));
        turns.take(GLOBEX).close(); // the only turn is free
    }
}
