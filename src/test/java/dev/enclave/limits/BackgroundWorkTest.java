package dev.enclave.limits;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantContext;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import io.quarkus.test.junit.QuarkusTest;

/** Background work is shared round-robin between tenants, each capped at its backgroundConcurrency. */
@QuarkusTest
class BackgroundWorkTest {

    static final TenantId ACME = new TenantId(Persona.ACME);
    static final TenantId GLOBEX = new TenantId(Persona.GLOBEX);

    @Inject
    BackgroundWork work;

    @Inject
    TenantContext context;

    final Semaphore gate = new Semaphore(0);
    final List<String> finished = new CopyOnWriteArrayList<>();
    final AtomicInteger gatedRunning = new AtomicInteger();
    final AtomicInteger gatedMostAtOnce = new AtomicInteger();

    @AfterEach
    void restore() {
        gate.release(1000);
        TenantLimitsFixture.restore(Persona.ACME);
    }

    @Test
    void aQuietTenantsTaskDoesNotWaitForANeighboursBacklog() throws Exception {
        TenantLimitsFixture.set(Persona.ACME, Map.of("backgroundConcurrency", 4)); // as many as there are workers
        List<CompletableFuture<String>> backlog = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            backlog.add(work.submit(ACME, gated("acme-" + i)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> work.load(ACME).running() == 4);
        AtomicInteger finishedWhenQuietStarted = new AtomicInteger(-1);
        CompletableFuture<String> quiet = work.submit(GLOBEX, () -> {
            finishedWhenQuietStarted.set(finished.size());
            finished.add(Persona.GLOBEX);
            return Persona.GLOBEX;
        });
        assertThat("all workers are busy with acme's first four", quiet.isDone(), is(false));
        // One of acme's tasks ends: the freed worker serves globex next, not acme's sixteen waiting tasks.
        gate.release();
        assertThat(quiet.get(5, TimeUnit.SECONDS), is(Persona.GLOBEX));
        // No acme task can end before the gate opens: globex started only once one had, not while all were busy.
        assertThat(finishedWhenQuietStarted.get(), is(1));
        assertThat(finished.indexOf(Persona.GLOBEX), is(1));
        gate.release(100);
        for (CompletableFuture<String> task : backlog) {
            task.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTenantNeverRunsMoreThanItsBackgroundConcurrency() throws Exception {
        TenantLimitsFixture.set(Persona.ACME, Map.of("backgroundConcurrency", 2));
        for (int i = 0; i < 6; i++) {
            work.submit(ACME, gated("acme-" + i));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> work.load(ACME).running() == 2);
        assertThat(work.load(ACME).running(), is(2));
        assertThat(work.load(ACME).queued(), is(4));
        // Two workers stay free for the others.
        assertThat(work.submit(GLOBEX, () -> Persona.GLOBEX).get(5, TimeUnit.SECONDS), is(Persona.GLOBEX));
        // Never more than two at once, counted by the tasks themselves until the last of the six ended (no sleep
        // to see that a third does not start).
        gate.release(100);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> finished.size() == 6);
        assertThat(gatedMostAtOnce.get(), is(2));
    }

    @Test
    void tasksRunAsTheirTenant() throws Exception {
        assertThat(work.submit(GLOBEX, () -> context.get().value()).get(5, TimeUnit.SECONDS), is(Persona.GLOBEX));
    }

    @Test
    void aFullQueueIsRefusedWith429() {
        TenantLimitsFixture.set(Persona.ACME, Map.of("backgroundConcurrency", 1));
        work.submit(ACME, gated("running"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> work.load(ACME).running() == 1);
        for (int i = 0; i < 32; i++) {
            work.submit(ACME, gated("queued-" + i));
        }
        RetryLaterException refused = assertThrows(RetryLaterException.class, () -> work.submit(ACME, gated("one too many")));
        assertThat(refused.retryAfterSeconds(), is(1L));
        assertThat(refused.type().status(), is(429));
        gate.release(100);
        // The last one queued runs too (a task leaves the queue before it runs, so wait for its end, not the queue).
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> finished.contains("queued-31"));
        assertThat(work.load(ACME).queued(), is(0));
    }

    private java.util.function.Supplier<String> gated(String name) {
        return () -> {
            gatedMostAtOnce.accumulateAndGet(gatedRunning.incrementAndGet(), Math::max);
            try {
                if (!gate.tryAcquire(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                gatedRunning.decrementAndGet();
            }
            finished.add(name);
            return name;
        };
    }
}
