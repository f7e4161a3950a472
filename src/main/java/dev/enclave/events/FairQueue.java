package dev.enclave.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-tenant queues served in turns: a worker takes ONE tenant's turn (at most {@code max} of its items, in order),
 * and the tenant goes to the back of the line if it has more. A tenant is never served by two workers at once,
 * so its items are handled in order, and a tenant with a huge backlog costs the others at most one turn per worker.
 * Used by the relay (tenants with unpublished events, no items: {@link #signal}) and by every consumer
 * (tenants' records).
 */
final class FairQueue<T> {

    /** One tenant's turn. Give it back with {@link #release}. */
    record Turn<T>(String key, List<T> items) {
    }

    private static final class Slot<T> {
        final ArrayDeque<T> items = new ArrayDeque<>();
        boolean signalled;
        boolean queued;
        boolean busy;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Map<String, Slot<T>> slots = new HashMap<>();
    private final ArrayDeque<String> line = new ArrayDeque<>();
    private int size;

    void add(String key, T item) {
        lock.lock();
        try {
            Slot<T> slot = slots.computeIfAbsent(key, k -> new Slot<>());
            slot.items.add(item);
            size++;
            enqueue(key, slot);
        } finally {
            lock.unlock();
        }
    }

    /** The tenant has work that is not an item (e.g. rows in the outbox). */
    void signal(String key) {
        lock.lock();
        try {
            Slot<T> slot = slots.computeIfAbsent(key, k -> new Slot<>());
            slot.signalled = true;
            enqueue(key, slot);
        } finally {
            lock.unlock();
        }
    }

    /** The next tenant's turn, or null after {@code timeout} without any. */
    Turn<T> take(int max, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (line.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = ready.awaitNanos(nanos);
            }
            String key = line.poll();
            Slot<T> slot = slots.get(key);
            slot.queued = false;
            slot.busy = true;
            slot.signalled = false;
            List<T> items = new ArrayList<>(Math.min(max, slot.items.size()));
            while (items.size() < max && !slot.items.isEmpty()) {
                items.add(slot.items.poll());
            }
            size -= items.size();
            return new Turn<>(key, items);
        } finally {
            lock.unlock();
        }
    }

    /** Ends a turn; the tenant gets another (at the back of the line) if it has items left or {@code again}. */
    void release(String key, boolean again) {
        lock.lock();
        try {
            Slot<T> slot = slots.get(key);
            slot.busy = false;
            slot.signalled |= again;
            if (!slot.items.isEmpty() || slot.signalled) {
                enqueue(key, slot);
            } else {
                slots.remove(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting (not counting turns in progress). */
    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(String key, Slot<T> slot) {
        if (!slot.busy && !slot.queued) {
            slot.queued = true;
            line.add(key);
            ready.signal();
        }
    }
}
