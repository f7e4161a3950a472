package dev.enclave.stats;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import dev.enclave.tenancy.TenantId;

/**
 * The one recorder of per-tenant statistics (like Citus' citus_stat_tenants): the HTTP edge, the limits, the
 * outbox relay, the consumers, search and the AI budget each call it in one line. Kept in memory per instance for
 * the busiest {@code enclave.stats.top-tenants} only ({@link TopTenants}); a tenant's score is its requests and
 * events, and the other measures are kept for tenants that score. Recording never throws into its caller.
 */
@ApplicationScoped
public class TenantStats {

    /** The relay polls every second; a backlog not reported for longer than this has drained. */
    static final long BACKLOG_FRESH_MILLIS = 5_000;

    private final TopTenants table;
    private final Provider<Optional<TenantId>> context;

    @Inject
    TenantStats(StatsConfig config, Provider<Optional<TenantId>> context) {
        this(new TopTenants(config.topTenants(), config.halfLife().toMillis(), System::currentTimeMillis), context);
    }

    TenantStats(TopTenants table, Provider<Optional<TenantId>> context) {
        this.table = table;
        this.context = context;
    }

    /** A tenant request answered with {@code status} after {@code nanos}. */
    public void request(TenantId tenant, int status, long nanos) {
        String t = tenant.value();
        table.record(t, 1, Measure.REQUESTS, 1, Math.max(0, nanos));
        if (status == 429) {
            table.record(t, 0, Measure.RATE_LIMITED, 1, -1);
        }
        if (status >= 500) {
            table.record(t, 0, Measure.ERRORS_5XX, 1, -1);
        } else if (status >= 400) {
            table.record(t, 0, Measure.ERRORS_4XX, 1, -1);
        }
    }

    /** A request refused with 429 before it was even verified (no latency worth keeping: it took microseconds). */
    public void refusedEarly(TenantId tenant) {
        table.record(tenant.value(), 1, Measure.REQUESTS, 1, -1);
        table.record(tenant.value(), 0, Measure.RATE_LIMITED, 1, -1);
        table.record(tenant.value(), 0, Measure.ERRORS_4XX, 1, -1);
    }

    public void eventsPublished(TenantId tenant, int count) {
        table.record(tenant.value(), count, Measure.EVENTS_PUBLISHED, count, -1);
    }

    /** Events a consumer applied for the tenant of the current unit of work (one per consumer that applies it). */
    public void eventsApplied(int count) {
        context.get().ifPresent(t -> table.record(t.value(), count, Measure.EVENTS_APPLIED, count, -1));
    }

    /** A search by the current tenant (its request already scored). */
    public void searchQuery() {
        context.get().ifPresent(t -> table.record(t.value(), 0, Measure.SEARCH_QUERIES, 1, -1));
    }

    /** AI tokens charged to the current tenant. */
    public void aiTokens(long tokens) {
        context.get().ifPresent(t -> table.record(t.value(), 0, Measure.AI_TOKENS, tokens, -1));
    }

    /** A tenant-owned row inserted, updated or deleted through Hibernate (flushed: a rolled-back write counts too). */
    public void rowWritten(String tenant) {
        if (tenant != null) {
            table.record(tenant, 0, Measure.ROWS_WRITTEN, 1, -1);
        }
    }

    /** The relay's poll: this tenant has {@code pending} unpublished events (raw id: it comes from the database). */
    public void outboxBacklog(String tenant, long pending) {
        table.level(tenant, pending);
    }

    Optional<TenantSnapshot> of(TenantId tenant) {
        return table.snapshot(tenant.value(), BACKLOG_FRESH_MILLIS);
    }

    /** The tracked tenants with the highest {@code by}, highest first (ties: by tenant id, for a stable answer). */
    List<TenantSnapshot> top(Measure by, int limit) {
        return table.snapshots(BACKLOG_FRESH_MILLIS).tenants().stream()
                .sorted(Comparator.comparingDouble((TenantSnapshot s) -> s.value(by)).reversed()
                        .thenComparing(TenantSnapshot::tenant))
                .limit(limit).toList();
    }

    int tracked() {
        return table.size();
    }

    TopTenants.Snapshots all() {
        return table.snapshots(BACKLOG_FRESH_MILLIS);
    }
}
