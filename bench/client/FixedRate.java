import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A constant-rate (open-loop) HTTP client for bench/noisy-neighbour.sh: the well-behaved tenant's traffic. Request i
 * is due at start + i / rate whatever happened to the earlier ones, and its latency is counted from that due time,
 * not from when it was actually sent: a server that stalls shows the stall in every request that was due meanwhile
 * (wrk, a closed loop, would just send fewer requests and report the stall once). wrk2 does this, but is not in Debian.
 *
 * Usage: java FixedRate.java <base url> <paths file> <rate/s> <seconds> [warm-up seconds, default 1]   (token in
 * BENCH_TOKEN). Requests of the warm-up (this JVM's own: cold HTTP client, first connection) are sent but not counted.
 * Prints one line: RESULT rps=.. p50_ms=.. p99_ms=.. max_ms=.. requests=.. s200=.. s429=.. other=.. errors=.. late=..
 * With BENCH_RAW=<file> it also writes every measured request there: due time and latency (ms), status.
 */
public final class FixedRate {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String> paths = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
        double rate = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int warmup = (int) Math.round(rate * (args.length > 4 ? Double.parseDouble(args[4]) : 1));
        String bearer = "Bearer " + System.getenv("BENCH_TOKEN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<HttpRequest> requests = paths.stream().map(p -> HttpRequest.newBuilder(URI.create(base + p))
                .header("Authorization", bearer).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10)).build()).toList();

        int total = warmup + (int) Math.round(rate * seconds);
        long periodNanos = (long) (1e9 / rate);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> raw = new ConcurrentLinkedQueue<>(); // "due_ms latency_ms status", for BENCH_RAW
        AtomicLong ok = new AtomicLong(), limited = new AtomicLong(), other = new AtomicLong(), errors = new AtomicLong();
        long late = 0; // requests this client itself sent more than 1 ms after they were due (its own hiccups)
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measuredFrom = start + warmup * periodNanos;
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            boolean counted = i >= warmup;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (counted && -wait > 1_000_000) {
                late++;
            }
            inFlight.add(http.sendAsync(requests.get(i % requests.size()), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (!counted) {
                            return;
                        }
                        long latency = System.nanoTime() - due;
                        latencies.add(latency);
                        raw.add(String.format("%.1f %.3f %s", (due - start) / 1e6, latency / 1e6,
                                failure != null ? "error" : String.valueOf(response.statusCode())));
                        if (failure != null) {
                            errors.incrementAndGet();
                        } else if (response.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else if (response.statusCode() == 429) {
                            limited.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    }));
            inFlight.removeIf(CompletableFuture::isDone);
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - measuredFrom) / 1e9;

        if (System.getenv("BENCH_RAW") != null) { // every measured request, for looking at the tail
            Files.write(Path.of(System.getenv("BENCH_RAW")), raw);
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d s200=%d s429=%d other=%d errors=%d late=%d%n",
                sorted.length / elapsed, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, sorted.length, ok.get(), limited.get(), other.get(),
                errors.get(), late);
    }

    /** Nearest-rank percentile, in milliseconds. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
