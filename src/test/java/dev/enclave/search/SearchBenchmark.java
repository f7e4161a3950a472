package dev.enclave.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.events.SignedRecords;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.testing.Persona;

/**
 * Search benchmark against the real node (run by bench/search.sh, not part of the test suite: the class name does
 * not match the test patterns). Bounded: a few minutes on two cores.
 *
 * <ol>
 * <li>Write-to-searchable lag: a DocumentCreated event is produced to the broker, the running indexer consumes it,
 * and the search API's component is polled (every 5 ms) until the document is found. Refresh interval as configured;
 * writes start at random points of the refresh cycle.
 * <li>Search latency with 10 versus 1,000 tenants in the shared index, same documents per tenant: two indexes with
 * the same definition, queried for the same 10 tenants with the same random queries, in alternating rounds.
 * </ol>
 */
@QuarkusTest
class SearchBenchmark {

    static final int LAG_SAMPLES = Integer.getInteger("bench.lag.samples", 40);
    static final int DOCS_PER_TENANT = Integer.getInteger("bench.docs", 40);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    static final int QUERIES_PER_ROUND = Integer.getInteger("bench.queries", 100);
    static final int WARMUP = 200;

    @Inject
    TenantSearch search;
    @Inject
    TenantIndexBulk bulk;
    @Inject
    TenantScope scope;
    @Inject
    SearchIndexes indexes;
    @Inject
    SearchFixtures fixtures;
    @Inject
    SearchClient client;

    private final List<String> vocabulary = vocabulary();

    @Test
    void run() throws Exception {
        StringBuilder report = new StringBuilder();
        report.append("| measure | p50 ms | p99 ms | samples |\n|---|---|---|---|\n");
        double[] lag = lag();
        report.append(row("write-to-searchable lag (Kafka -> indexer -> refresh " + indexes.config().refreshInterval() + ")", lag, lag.length));

        String prefix = indexes.config().indexPrefix();
        String small = prefix + "-bench10.v1";
        String large = prefix + "-bench1000.v1";
        long loadStart = System.nanoTime();
        load(small, 10);
        load(large, 1000);
        long loadSeconds = (System.nanoTime() - loadStart) / 1_000_000_000L;

        warm(small);
        warm(large);
        List<Double> p50Small = new ArrayList<>();
        List<Double> p99Small = new ArrayList<>();
        List<Double> p50Large = new ArrayList<>();
        List<Double> p99Large = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            boolean smallFirst = round % 2 == 0; // alternate the order, so drift hits both equally
            for (int i = 0; i < 2; i++) {
                boolean isSmall = (i == 0) == smallFirst;
                double[] times = queries(isSmall ? small : large, round);
                (isSmall ? p50Small : p50Large).add(percentile(times, 50));
                (isSmall ? p99Small : p99Large).add(percentile(times, 99));
            }
        }
        double smallP50 = median(p50Small);
        double largeP50 = median(p50Large);
        report.append(String.format("| search, 10 tenants in the shared index (median of %d rounds) | %.2f | %.2f | %d |%n",
                ROUNDS, smallP50, median(p99Small), ROUNDS * QUERIES_PER_ROUND));
        report.append(String.format("| search, 1,000 tenants in the shared index (median of %d rounds) | %.2f | %.2f | %d |%n",
                ROUNDS, largeP50, median(p99Large), ROUNDS * QUERIES_PER_ROUND));
        report.append(String.format("%nratio p50(10 tenants) / p50(1,000 tenants) = **%.2f** (target >= 0.9); "
                + "p99 ratio %.2f. %d documents per tenant (%d and %d documents), loaded in %d s.%n",
                smallP50 / largeP50, median(p99Small) / median(p99Large), DOCS_PER_TENANT, 10 * DOCS_PER_TENANT,
                1000 * DOCS_PER_TENANT, loadSeconds));
        Path out = Path.of("target", "bench", "search.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println("\n=== search benchmark ===\n" + report);
    }

    private double[] lag() throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        String topic = ConfigProvider.getConfig().getValue("enclave.events.channels.search-indexer.topic", String.class);
        TenantId acme = new TenantId(Persona.ACME);
        double[] samples = new double[LAG_SAMPLES];
        Random jitter = new Random(7);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = -3; i < LAG_SAMPLES; i++) { // three unrecorded: the consumer's first fetches
                String word = SearchFixtures.word();
                UUID id = UUID.randomUUID();
                Map<String, Object> data = Map.of("id", id.toString(), "projectId", UUID.randomUUID().toString(),
                        "title", "lag " + word, "body", "", "tags", List.of(), "status", "draft", "version", 0,
                        "updatedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
                ProducerRecord<String, String> record = SignedRecords.signed(topic, Persona.ACME, "acme:" + id,
                        fixtures.value("DocumentCreated", "document", id, 0, data));
                // Writes arrive at random points of the refresh cycle, not right after the refresh that made the
                // previous one visible (which would measure a full interval every time).
                Thread.sleep(jitter.nextInt(1000));
                long start = System.nanoTime();
                producer.send(record);
                long deadline = start + 30_000_000_000L;
                while (!visible(acme, word)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("document not searchable within 30 s");
                    }
                    Thread.sleep(5);
                }
                if (i >= 0) {
                    samples[i] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        return samples;
    }

    private boolean visible(TenantId tenant, String word) {
        try {
            return scope.runAs(tenant, () -> search.search(new SearchQuery(word, null, null, 1, null))).total() > 0;
        } catch (SearchUnavailableException e) {
            return false; // a shard starting; the poll goes on
        }
    }

    /** The same documents for tenant n in every index: seeded by n. */
    private void load(String index, int tenants) {
        indexes.create(index, true);
        long now = System.currentTimeMillis();
        for (int t = 0; t < tenants; t++) {
            Random random = new Random(t);
            List<SearchDocument> documents = new ArrayList<>(DOCS_PER_TENANT);
            UUID project = new UUID(t, 0);
            for (int d = 0; d < DOCS_PER_TENANT; d++) {
                documents.add(new SearchDocument(new UUID(t, d + 1L), project, words(random, 5), words(random, 60),
                        List.of(vocabulary.get(random.nextInt(50))), "published", 1, null));
            }
            scope.runAs(tenant(t), () -> bulk.bulkUpsert(index, documents, now));
        }
        indexes.refresh(index);
        // Steady state for both sides: a bulk load leaves the bigger index with many small segments (each one adds
        // per-query work) that the node's merge policy would fold together over time; compare merged indexes.
        client.send("POST", "/" + index + "/_forcemerge", Map.of("max_num_segments", "1"), null);
    }

    private void warm(String index) {
        Random random = new Random(-1);
        for (int i = 0; i < WARMUP; i++) {
            query(index, random);
        }
    }

    private double[] queries(String index, int round) {
        Random random = new Random(round); // the same queries for both indexes in a round
        double[] times = new double[QUERIES_PER_ROUND];
        for (int i = 0; i < QUERIES_PER_ROUND; i++) {
            long start = System.nanoTime();
            query(index, random);
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        return times;
    }

    private void query(String index, Random random) {
        TenantId tenant = tenant(random.nextInt(10));
        String text = random.nextBoolean() ? vocabulary.get(random.nextInt(200)) : words(random, 2);
        scope.runAs(tenant, () -> search.search(index, new SearchQuery(text, null, null, 20, null)));
    }

    private String words(Random random, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            // skewed towards common words, like real text
            int rank = (int) Math.min(vocabulary.size() - 1, Math.abs(random.nextGaussian()) * vocabulary.size() / 3);
            text.append(i == 0 ? "" : " ").append(vocabulary.get(rank));
        }
        return text.toString();
    }

    private static TenantId tenant(int n) {
        return new TenantId(String.format("bench-t%04d", n));
    }

    private static List<String> vocabulary() {
        Random random = new Random(42);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder w = new StringBuilder();
            int length = 4 + random.nextInt(6);
            for (int c = 0; c < length; c++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words.add(w.toString());
        }
        return words;
    }

    private static String row(String name, double[] samples, int n) {
        return String.format("| %s | %.1f | %.1f | %d |%n", name, percentile(samples, 50), percentile(samples, 99), n);
    }

    static double percentile(double[] samples, int p) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }
}
