package dev.enclave.stats;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Per-tenant gauges in /q/metrics with bounded cardinality: {@code enclave.tenant.<measure>{tenant=...}} exists for
 * the currently tracked tenants only (at most {@code enclave.stats.top-tenants}) plus {@code tenant="other"} for
 * everyone else, so a million tenants never make a million series. A refresh replaces the rows (Micrometer's
 * MultiGauge with overwrite removes the series of a tenant that fell out). The outbox backlog has no "other" row:
 * {@code enclave.outbox.pending} already counts every tenant.
 */
@ApplicationScoped
class TenantStatsMetrics {

    private static final Logger LOG = Logger.getLogger(TenantStatsMetrics.class);
    static final String PREFIX = "enclave.tenant.";

    private final TenantStats stats;
    private final StatsConfig config;
    private final MeterRegistry registry;
    private final Map<Measure, MultiGauge> gauges = new EnumMap<>(Measure.class);
    private ScheduledExecutorService timer;

    TenantStatsMetrics(TenantStats stats, StatsConfig config, MeterRegistry registry) {
        this.stats = stats;
        this.config = config;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        for (Measure m : Measure.values()) {
            gauges.put(m, MultiGauge.builder(metricName(m)).description(description(m)).register(registry));
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tenant-stats-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.metricsRefresh().toMillis();
        timer.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Makes the gauges show the current top tenants and "other"; package-private so tests need not wait for it. */
    synchronized void refresh() {
        TopTenants.Snapshots now = stats.all();
        for (Measure m : Measure.values()) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>(now.tenants().size() + 1);
            for (TenantSnapshot s : now.tenants()) {
                rows.add(MultiGauge.Row.of(Tags.of("tenant", s.tenant()), s, snapshot -> snapshot.value(m)));
            }
            if (m != Measure.OUTBOX_BACKLOG) {
                rows.add(MultiGauge.Row.of(Tags.of("tenant", TopTenants.OTHER), now.other(), snapshot -> snapshot.value(m)));
            }
            gauges.get(m).register(rows, true);
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) { // never lose the timer: the next refresh may work
            LOG.warnf("tenant stats metrics refresh failed: %s", e.toString());
        }
    }

    static String metricName(Measure m) {
        return PREFIX + m.wireName().replace('-', '.');
    }

    private static String description(Measure m) {
        return switch (m) {
            case OUTBOX_BACKLOG -> "Unpublished outbox events of a tracked tenant (as of the relay's last poll)";
            case LATENCY_P50_MS, LATENCY_P99_MS -> "Request latency percentile, ms, over the decayed histogram";
            default -> "Exponentially decayed count (half-life enclave.stats.half-life), busiest tenants and other";
        };
    }
}
