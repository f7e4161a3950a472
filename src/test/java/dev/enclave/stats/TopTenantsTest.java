package dev.enclave.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;

/** The Space-Saving table with forward decay, on a clock the test moves. */
class TopTenantsTest {

    private static final long HALF_LIFE = 60_000;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final TopTenants table = new TopTenants(3, HALF_LIFE, clock::get);

    @Test
    void aCountHalvesEveryHalfLife() {
        requests(Persona.ACME, 8);
        assertThat(value(Persona.ACME, Measure.REQUESTS), closeTo(8, 1e-9));
        clock.addAndGet(HALF_LIFE);
        assertThat(value(Persona.ACME, Measure.REQUESTS), closeTo(4, 1e-9));
        clock.addAndGet(2 * HALF_LIFE);
        assertThat(value(Persona.ACME, Measure.REQUESTS), closeTo(1, 1e-9));
        requests(Persona.ACME, 1); // a new occurrence counts in full, beside the decayed old ones
        assertThat(value(Persona.ACME, Measure.REQUESTS), closeTo(2, 1e-9));
    }

    @Test
    void aFullTableEvictsTheLowestScoreAndTheNewcomerInheritsIt() {
        requests("a", 10);
        requests("b", 5);
        requests("c", 2);
        requests("d", 1);
        assertThat(tracked(), containsInAnyOrder("a", "b", "d"));
        TenantSnapshot d = table.snapshot("d", 0).orElseThrow();
        assertThat(d.score(), closeTo(3, 1e-9)); // c's 2, plus its own 1
        assertThat(d.error(), closeTo(2, 1e-9)); // at most this much of it may be someone else's
        assertThat(d.value(Measure.REQUESTS), closeTo(1, 1e-9)); // its measures start from its own
    }

    @Test
    void aTenantThatWasBusyLongAgoLosesItsPlaceToOneBusyNow() {
        requests("old", 100);
        requests("b", 30);
        requests("c", 30);
        clock.addAndGet(10 * HALF_LIFE); // old: 100 / 1024, less than one request now
        requests("b", 1);
        requests("c", 1);
        requests("new", 1);
        assertThat(tracked(), containsInAnyOrder("b", "c", "new"));
    }

    @Test
    void aTenantAboveTheSpaceSavingBoundStaysTrackedWhateverTheNumberOfLightTenants() {
        for (int i = 0; i < 1_000; i++) {
            requests("heavy-1", 1);
            requests("heavy-2", 1);
            requests("light-" + i, 1);
        }
        requests("heavy-1", 200);
        requests("heavy-2", 200);
        // 3,400 in all, 3 places: anyone with more than 3,400 / 3 is guaranteed a place (Metwally et al., lemma 3).
        assertThat(table.size(), is(3));
        assertThat(tracked(), org.hamcrest.Matchers.hasItems("heavy-1", "heavy-2"));
        TenantSnapshot heavy = table.snapshot("heavy-1", 0).orElseThrow();
        assertThat(heavy.score() - heavy.error(), lessThanOrEqualTo(1_200.0 + 1e-9)); // never an underestimate
        assertThat(heavy.score(), org.hamcrest.Matchers.greaterThanOrEqualTo(1_200.0 - 1e-9));
    }

    @Test
    void otherIsEverythingNotRecordedForATrackedTenant() {
        requests("a", 10);
        requests("b", 10);
        requests("c", 10);
        for (int i = 0; i < 5; i++) {
            requests("light-" + i, 1); // each evicts the least and is evicted by the next
        }
        TopTenants.Snapshots all = table.snapshots(0);
        double trackedSum = all.tenants().stream().mapToDouble(s -> s.value(Measure.REQUESTS)).sum();
        assertThat(trackedSum + all.other().value(Measure.REQUESTS), closeTo(35, 1e-9));
        assertThat(all.other().tenant(), is("other"));
    }

    @Test
    void aMeasureWithoutScoreNeverAdmitsATenant() {
        table.record("quiet", 0, Measure.AI_TOKENS, 500, -1);
        assertThat(table.size(), is(0));
        assertThat(table.snapshots(0).other().value(Measure.AI_TOKENS), closeTo(500, 1e-9));
    }

    @Test
    void latencyPercentilesComeFromTheDecayedHistogram() {
        for (int i = 0; i < 98; i++) {
            table.record(Persona.ACME, 1, Measure.REQUESTS, 1, 2_000_000); // 2 ms
        }
        table.record(Persona.ACME, 1, Measure.REQUESTS, 1, 800_000_000); // 800 ms
        table.record(Persona.ACME, 1, Measure.REQUESTS, 1, 800_000_000);
        assertThat(value(Persona.ACME, Measure.LATENCY_P50_MS), closeTo(2, 0.2));
        assertThat(value(Persona.ACME, Measure.LATENCY_P99_MS), closeTo(800, 80));
        clock.addAndGet(20 * HALF_LIFE); // the old samples fade; a slow request now is the tenant's latency
        table.record(Persona.ACME, 1, Measure.REQUESTS, 1, 100_000_000);
        assertThat(value(Persona.ACME, Measure.LATENCY_P50_MS), closeTo(100, 10));
    }

    @Test
    void weightsAreRescaledLongBeforeTheyOverflow() {
        requests(Persona.ACME, 4);
        for (int i = 0; i < 3; i++) {
            clock.addAndGet(400 * HALF_LIFE); // past the rescale point twice: 2^1200 would be infinite
            requests(Persona.ACME, 4);
        }
        assertThat(value(Persona.ACME, Measure.REQUESTS), closeTo(4, 1e-9));
        clock.addAndGet(HALF_LIFE);
        assertThat(value(Persona.ACME, Measure.REQUESTS), closeTo(2, 1e-9));
        assertThat(table.snapshots(0).other().value(Measure.REQUESTS), lessThanOrEqualTo(1e-9));
    }

    @Test
    void aBacklogIsShownWhileTheRelayKeepsReportingIt() {
        requests(Persona.ACME, 1);
        table.level(Persona.ACME, 42);
        assertThat(value(Persona.ACME, Measure.OUTBOX_BACKLOG), is(42.0));
        clock.addAndGet(TenantStats.BACKLOG_FRESH_MILLIS + 1);
        assertThat(value(Persona.ACME, Measure.OUTBOX_BACKLOG), is(0.0));
    }

    @Test
    void theTopIsOrderedByTheChosenMeasure() {
        TenantStats stats = new TenantStats(table, null);
        requests("a", 5);
        requests("b", 3);
        table.record("b", 0, Measure.SEARCH_QUERIES, 7, -1);
        assertThat(stats.top(Measure.REQUESTS, 3).stream().map(TenantSnapshot::tenant).toList(), contains("a", "b"));
        assertThat(stats.top(Measure.SEARCH_QUERIES, 1).stream().map(TenantSnapshot::tenant).toList(), contains("b"));
    }

    private void requests(String tenant, int n) {
        for (int i = 0; i < n; i++) {
            table.record(tenant, 1, Measure.REQUESTS, 1, -1);
        }
    }

    private double value(String tenant, Measure measure) {
        return table.snapshot(tenant, TenantStats.BACKLOG_FRESH_MILLIS).orElseThrow().value(measure);
    }

    private java.util.List<String> tracked() {
        return table.snapshots(0).tenants().stream().map(TenantSnapshot::tenant).toList();
    }
}
