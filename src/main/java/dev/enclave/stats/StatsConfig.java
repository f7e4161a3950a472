package dev.enclave.stats;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-tenant statistics (enclave.stats.*), kept in memory per instance. */
@ConfigMapping(prefix = "enclave.stats")
public interface StatsConfig {

    /** Tenants tracked (the busiest, by decayed requests and events); memory and metric series grow with this only. */
    @WithDefault("100")
    @Min(1)
    @Max(10_000)
    int topTenants();

    /** An occurrence counts half after this long: the counts follow the last few half-lives of traffic. */
    @WithDefault("5m")
    Duration halfLife();

    /** How often the per-tenant gauges in /q/metrics follow the current top tenants. */
    @WithDefault("15s")
    Duration metricsRefresh();
}
