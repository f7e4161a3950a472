package dev.enclave.limits;

import static dev.enclave.testing.RateLimitHeaders.param;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.PackagedApp;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;

/**
 * Two instances of the packaged service (the one Quarkus started, and a second JVM from the same jar with the same
 * profile, database, Redis and key prefix) share one tenant's request rate: what both admit together stays within
 * one bucket's allowance, burst + rate x elapsed, and a neighbour tenant is not limited by it.
 */
@QuarkusIntegrationTest
class SharedRateLimitIT {

    static final int RATE = 10; // tokens per second
    static final int BURST = 10;
    static final Duration WINDOW = Duration.ofSeconds(5);
    static final int CLIENTS_PER_INSTANCE = 3;
    /** Between one client's requests: ~150 requests/s offered per instance, 15 x the rate, without swamping 2 cores. */
    static final long PAUSE_MILLIS = 20;
    /**
     * The bucket's arithmetic is exact (Redis' clock in ms, tokens as floats, capped at the burst); the requests counted
     * were all sent and answered inside the measured window, so the one allowance for rounding is this.
     */
    static final int TOLERANCE = 2;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private record Answer(int instance, String tenant, int status, String retryAfter, String limit, String remaining,
            String reset) {
    }

    @Test
    void twoInstancesAdmitNoMoreThanOneBucketAllows() throws Exception {
        String first = "http://localhost:" + RestAssured.port;
        try (PackagedApp second = PackagedApp.startAnother("shared-rate-limit-second-instance")) {
            List<String> instances = List.of(first, second.baseUri());
            String alice = Persona.ALICE.bearer();
            String bob = Persona.BOB.bearer();
            // Set on the first instance; the second reads it from the same database within enclave.limits.refresh.
            TenantLimitsFixture.set(Persona.ACME, Map.of("requestsPerSecond", RATE, "burst", BURST, "maxInFlight", 1000));
            for (String instance : instances) {
                Awaitility.await("the new limit on " + instance).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                        .until(() -> String.valueOf(BURST).equals(send(0, instance, Persona.ACME, alice).limit()));
            }
            List<String> management = List.of(PackagedApp.firstManagementUri(), second.managementUri());
            double localBefore = localDecisions(management);

            List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS_PER_INSTANCE + 1);
            CountDownLatch go = new CountDownLatch(1);
            long[] window = new long[1];
            for (int i = 0; i < 2 * CLIENTS_PER_INSTANCE; i++) {
                int instance = i % 2;
                pool.submit(() -> fire(go, instances, instance, Persona.ACME, alice, window, answers));
            }
            // The neighbour, at a modest pace on both instances at the same time.
            pool.submit(() -> fire(go, instances, -1, Persona.GLOBEX, bob, window, answers));
            long start = System.nanoTime();
            window[0] = start + WINDOW.toNanos();
            go.countDown();
            pool.shutdown();
            assertThat("clients finished", pool.awaitTermination(WINDOW.toSeconds() + 60, TimeUnit.SECONDS), is(true));
            double elapsed = (System.nanoTime() - start) / 1e9;

            List<Answer> acme = answers.stream().filter(a -> a.tenant().equals(Persona.ACME)).toList();
            long admitted = acme.stream().filter(a -> a.status() == 200).count();
            double allowance = BURST + RATE * elapsed;
            String account = String.format("acme: %d requests, %d admitted in %.2f s (first instance %d, second %d); "
                    + "one shared bucket allows %.1f + %d", acme.size(), admitted, elapsed,
                    admittedBy(acme, 0), admittedBy(acme, 1), allowance, TOLERANCE);
            System.out.println("SharedRateLimitIT " + account);

            // Every decision came from the shared store: a Redis timeout would have the instances decide alone
            // (RequestLimiter's documented fallback), which is not what this test is about.
            assertThat("decisions made without the shared store; " + account, localDecisions(management) - localBefore, is(0.0));
            // The point: with one bucket per instance instead of one per tenant, each instance would admit up to
            // BURST + RATE x elapsed on its own, both being offered ~15 x the rate: ~2 x 60 = ~120 here, twice the bound.
            assertThat(account, (double) admitted, lessThanOrEqualTo(allowance + TOLERANCE));
            // And it is a limit, not a wall: the tenant gets most of its allowance (a limiter refusing all would pass the bound).
            assertThat(account, (double) admitted, greaterThanOrEqualTo(allowance / 2));
            for (int instance = 0; instance < 2; instance++) {
                int i = instance;
                List<Answer> mine = acme.stream().filter(a -> a.instance() == i).toList();
                assertThat("instance " + (i + 1) + " admitted some; " + account, admittedBy(acme, i), greaterThan(0L));
                List<Answer> refused = mine.stream().filter(a -> a.status() == 429).toList();
                assertThat("instance " + (i + 1) + " refused some; " + account, refused.size(), greaterThan(0));
                assertThat("instance " + (i + 1) + ": only 200 and 429", mine.stream().filter(a -> a.status() != 200 && a.status() != 429).toList(), empty());
                for (Answer no : refused) {
                    assertThat(no.toString(), Integer.parseInt(no.retryAfter()), greaterThanOrEqualTo(1));
                    assertThat(no.toString(), no.limit(), is(String.valueOf(BURST)));
                    assertThat(no.toString(), no.remaining(), is("0"));
                    assertThat(no.toString(), Long.parseLong(no.reset()), greaterThanOrEqualTo(0L));
                }
            }
            List<Answer> globex = answers.stream().filter(a -> a.tenant().equals(Persona.GLOBEX)).toList();
            assertThat("the neighbour was answered on both instances", globex.stream().map(Answer::instance).distinct().count(), is(2L));
            assertThat("the neighbour is not limited by acme's bucket", globex.stream().map(Answer::status).toList(), everyItem(is(200)));
        } finally {
            TenantLimitsFixture.restore(Persona.ACME);
        }
    }

    /** One client: requests until the window closes; instance -1 alternates between both, at a slower pace. */
    private void fire(CountDownLatch go, List<String> instances, int instance, String tenant, String bearer, long[] window,
            List<Answer> answers) {
        try {
            go.await();
            for (int n = 0; System.nanoTime() < window[0]; n++) {
                int target = instance >= 0 ? instance : n % 2;
                answers.add(send(target, instances.get(target), tenant, bearer));
                Thread.sleep(instance >= 0 ? PAUSE_MILLIS : 5 * PAUSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer send(int instance, String baseUri, String tenant, String bearer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + "/api/v1/me")).header("Authorization", bearer)
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            var headers = response.headers();
            return new Answer(instance, tenant, response.statusCode(), headers.firstValue("Retry-After").orElse(null),
                    param(headers.firstValue("RateLimit-Policy").orElse(null), "q"),
                    param(headers.firstValue("RateLimit").orElse(null), "r"), param(headers.firstValue("RateLimit").orElse(null), "t"));
        } catch (IOException e) {
            return new Answer(instance, tenant, -1, null, null, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(instance, tenant, -1, null, null, null, "interrupted");
        }
    }

    private static long admittedBy(List<Answer> answers, int instance) {
        return answers.stream().filter(a -> a.instance() == instance && a.status() == 200).count();
    }

    /** Admissions decided by an instance alone (store="local"), both instances together. */
    private double localDecisions(List<String> instances) throws IOException, InterruptedException {
        double sum = 0;
        Pattern local = Pattern.compile("enclave_limits_admissions_total\\{[^}]*store=\"local\"[^}]*} ([0-9.E]+)");
        for (String instance : instances) {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(instance + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(instance + "/q/metrics", metrics.statusCode(), is(200));
            Matcher m = local.matcher(metrics.body());
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
        }
        return sum;
    }
}
