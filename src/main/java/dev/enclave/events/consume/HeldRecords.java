package dev.enclave.events.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Records of tenants that are not served now but may be again (suspended...), oldest first, neither acknowledged nor
 * dead-lettered: served again, in order, ahead of the tenant's newer records, once it is. The relay holds such a
 * tenant's outbox, so only records already on their way when it stopped being served end up here. In memory: the
 * commit of their partition waits behind them, so a restart reads them (and what followed) again.
 */
final class HeldRecords<T> {

    private final Map<String, List<T>> held = new ConcurrentHashMap<>();
    private volatile long nextLook;

    void hold(String tenant, List<T> items) {
        held.put(tenant, items);
    }

    /** The tenant's held records (oldest) ahead of {@code items}, and no longer held. */
    List<T> ahead(String tenant, List<T> items) {
        List<T> before = held.remove(tenant);
        if (before == null) {
            return items;
        }
        List<T> all = new ArrayList<>(before);
        all.addAll(items);
        return all;
    }

    /** About once a second: a turn for each tenant with held records, to serve them if it is served again. */
    void offerTurns(Consumer<String> signal) {
        long now = System.nanoTime();
        if (held.isEmpty() || now - nextLook < 0) {
            return;
        }
        nextLook = now + TimeUnit.SECONDS.toNanos(1);
        held.keySet().forEach(signal);
    }
}
