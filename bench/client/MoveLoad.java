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
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One tenant's steady traffic for bench/move.sh: open-loop writes (POST a document, at a fixed rate) and reads (GET a
 * document, at another fixed rate), each request's latency counted from the moment it was due (like FixedRate.java),
 * so a write pause shows in every write that was due during it. A write answered 503 (the tenant's cut-over) is
 * retried after its Retry-After, and its latency runs until it is acknowledged (201): the client's view of the pause.
 *
 * Usage: java MoveLoad.java <base url> <project id> <read paths file> <writes/s> <reads/s> <stop file> <out prefix>
 * (token in BENCH_TOKEN). Runs until the stop file exists. Writes <out>.raw ("kind due_ms latency_ms status tries"
 * per request, due_ms since the epoch; status 0: no answer, -1: not sent, over MAX_IN_FLIGHT) and <out>.acked (the ids of acknowledged documents).
 */
public final class MoveLoad {

    /** Beyond this many requests in flight a due request is not sent (status -1 in the raw file): a stalled server
     *  must not make this client open thousands of connections. */
    private static final int MAX_IN_FLIGHT = 256;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String project = args[1];
        List<String> reads = Files.readAllLines(Path.of(args[2])).stream().filter(l -> !l.isBlank()).toList();
        double writeRate = Double.parseDouble(args[3]);
        double readRate = Double.parseDouble(args[4]);
        Path stop = Path.of(args[5]);
        String out = args[6];
        String bearer = "Bearer " + System.getenv("BENCH_TOKEN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(16)).build();
        ConcurrentLinkedQueue<String> raw = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger(); // requests in flight
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        var scheduler = Executors.newScheduledThreadPool(2);
        long startNanos = System.nanoTime() + 50_000_000L;
        long startMillis = System.currentTimeMillis() + 50;
        Thread writer = new Thread(() -> loop(writeRate, startNanos, stop, i -> {
            long due = startNanos + (long) (i * 1e9 / writeRate);
            if (open.get() >= MAX_IN_FLIGHT) {
                raw.add(line("write", due, startNanos, startMillis, -1, 0));
                return;
            }
            open.incrementAndGet();
            String body = "{\"title\":\"bench-w-" + i + "\",\"body\":\"written during a move\"}";
            CompletableFuture<Void> done = new CompletableFuture<>();
            done.whenComplete((v, e) -> open.decrementAndGet());
            write(http, scheduler, base + "/api/v1/projects/" + project + "/documents", bearer, body, due, 1, raw, acked, done, startNanos, startMillis);
            synchronized (inFlight) {
                inFlight.add(done);
            }
        }));
        Thread reader = new Thread(() -> loop(readRate, startNanos, stop, i -> {
            long due = startNanos + (long) (i * 1e9 / readRate);
            if (open.get() >= MAX_IN_FLIGHT) {
                raw.add(line("read", due, startNanos, startMillis, -1, 0));
                return;
            }
            open.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + reads.get((int) (i % reads.size()))))
                    .header("Authorization", bearer).timeout(Duration.ofSeconds(10)).GET().build();
            CompletableFuture<?> sent = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
                raw.add(line("read", due, startNanos, startMillis, error == null ? response.statusCode() : 0, 1));
                noteError(error);
                open.decrementAndGet();
                return null;
            });
            synchronized (inFlight) {
                inFlight.add(sent);
            }
        }));
        writer.start();
        reader.start();
        writer.join();
        reader.join();
        CompletableFuture<?>[] all;
        synchronized (inFlight) {
            all = inFlight.toArray(CompletableFuture[]::new);
        }
        try {
            CompletableFuture.allOf(all).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("requests still in flight at the end: " + e);
        }
        Files.write(Path.of(out + ".raw"), raw);
        Files.write(Path.of(out + ".acked"), acked);
        scheduler.shutdownNow();
        System.exit(0);
    }

    private interface Send {
        void at(long i);
    }

    private static void loop(double rate, long start, Path stop, Send send) {
        long period = (long) (1e9 / rate);
        for (long i = 0;; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (i % Math.max(1, (long) rate / 10) == 0 && Files.exists(stop)) {
                return;
            }
            send.at(i);
        }
    }

    private static void write(HttpClient http, java.util.concurrent.ScheduledExecutorService scheduler, String uri, String bearer,
            String body, long due, int tries, ConcurrentLinkedQueue<String> raw, ConcurrentLinkedQueue<String> acked,
            CompletableFuture<Void> done, long startNanos, long startMillis) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", bearer)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            int status = error == null ? response.statusCode() : 0;
            noteError(error);
            if (status == 503 && tries < 30) {
                long after = response.headers().firstValueAsLong("Retry-After").orElse(1);
                scheduler.schedule(() -> write(http, scheduler, uri, bearer, body, due, tries + 1, raw, acked, done, startNanos, startMillis),
                        after, TimeUnit.SECONDS);
                return;
            }
            if (status == 201) {
                String id = response.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*", "$1");
                acked.add(id);
            }
            raw.add(line("write", due, startNanos, startMillis, status, tries));
            done.complete(null);
        });
    }

    private static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The first failure of each kind, on stderr (the client's log). */
    private static void noteError(Throwable error) {
        if (error != null) {
            Throwable cause = error.getCause() == null ? error : error.getCause();
            if (SEEN.add(cause.getClass().getName())) {
                System.err.println("first " + cause.getClass().getName() + ": " + cause.getMessage());
            }
        }
    }

    private static String line(String kind, long due, long startNanos, long startMillis, int status, int tries) {
        long now = System.nanoTime();
        long dueMillis = startMillis + (due - startNanos) / 1_000_000;
        return kind + " " + dueMillis + " " + String.format("%.2f", (now - due) / 1e6) + " " + status + " " + tries;
    }
}
