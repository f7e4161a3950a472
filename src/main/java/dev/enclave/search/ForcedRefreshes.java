package dev.enclave.search;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.tenancy.TenantId;

/**
 * Lets a tenant's bulk operation search its own recent writes without refreshing the index once per operation. A
 * forced {@code _refresh} makes new segments for every tenant on the index, so a tenant deleting many projects would
 * be a noisy neighbour to all of the shared index. Writes become searchable by themselves within the index's
 * {@code refresh_interval}; a forced refresh is needed only when the tenant wrote live documents more recently than
 * that and no forced refresh has started since, and then at most one per index per
 * {@link SearchConfig#forcedRefreshGap()}: a caller over that budget waits for it, or for the periodic refresh,
 * whichever comes first.
 *
 * <p>Writes are known per instance: a tenant's events are applied by one consumer instance at a time (the one that
 * wrote its documents); after a partition moves, the previous owner's writes are older than a rebalance.
 */
@ApplicationScoped
class ForcedRefreshes {

    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m)?");
    /** Entries kept before old ones (already searchable) are dropped. */
    private static final int TRACKED = 10_000;

    private final SearchIndexes indexes;
    /** When each tenant last wrote live documents, by {@link System#nanoTime()}. */
    private final Map<TenantId, Long> lastLiveWrite = new ConcurrentHashMap<>();
    /** When the last forced refresh of each index or alias started. */
    private final Map<String, Long> lastForced = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final long coveredAfter;
    private final long gap;

    ForcedRefreshes(SearchIndexes indexes, SearchConfig config) {
        this.indexes = indexes;
        this.coveredAfter = coveredAfter(config.refreshInterval());
        this.gap = config.forcedRefreshGap().toNanos();
    }

    /** Records that the current tenant's live documents were just written (call once the write returned). */
    void wrote(TenantId tenant) {
        long now = System.nanoTime();
        if (lastLiveWrite.size() > TRACKED) {
            lastLiveWrite.values().removeIf(at -> now - at >= coveredAfter);
        }
        lastLiveWrite.put(tenant, now);
    }

    /** Returns once a search of {@code target} sees every live document this instance wrote for the tenant. */
    void awaitSearchable(String target, TenantId tenant) {
        Long written = lastLiveWrite.get(tenant);
        if (written == null) {
            return;
        }
        while (true) {
            long now = System.nanoTime();
            if (now - written >= coveredAfter) {
                return; // the periodic refresh has run since
            }
            long wait;
            synchronized (locks.computeIfAbsent(target, t -> new Object())) {
                Long forced = lastForced.get(target);
                if (forced != null && forced - written > 0) {
                    return; // a refresh that started after the write has completed (it held this lock)
                }
                if (forced == null || now - forced >= gap) {
                    long started = System.nanoTime();
                    indexes.refresh(target);
                    lastForced.put(target, started);
                    return;
                }
                wait = Math.min(forced + gap - now, coveredAfter - (now - written));
            }
            sleep(wait);
        }
    }

    /**
     * Age after which a write has been made searchable by the index's own refresh: two intervals (one until the next
     * refresh starts, one for it to finish). Never when periodic refresh is off ({@code -1}) or the value is not
     * understood.
     */
    static long coveredAfter(String refreshInterval) {
        Matcher m = INTERVAL.matcher(refreshInterval.strip());
        if (!m.matches()) {
            return Long.MAX_VALUE;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        long millis = switch (unit) {
            case "m" -> TimeUnit.MINUTES.toMillis(n);
            case "s" -> TimeUnit.SECONDS.toMillis(n);
            default -> n;
        };
        return millis == 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(2 * millis);
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.max(nanos, TimeUnit.MILLISECONDS.toNanos(1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchUnavailableException("interrupted while waiting for a refresh", e);
        }
    }
}
