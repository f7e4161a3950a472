package dev.enclave.fairness;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-tenant queues served in fair turns: the one scheduler behind HTTP admission, the outbox relay, every event
 * consumer and background work. A turn is one tenant's: at most {@code max} of its items, in the order they came.
 * The next turn goes to the tenant with work that runs the fewest turns; ties go to the front of the line, and a
 * tenant that is given a turn goes to the back of it. So a tenant with a huge backlog costs another tenant at most
 * one turn per worker (or per freed slot), and its own items keep their order.
 * <p>
 * Bounds, all per instance: {@code slots} turns at once (all tenants), {@code tenantConcurrency} turns of one tenant
 * at once (1: a tenant is never served by two workers, so its items are handled in order), {@code tenantQueue}
 * waiting items of one tenant ({@link #add} refuses the next). A tenant may also have work that is not an item
 * ({@link #signal}: e.g. rows in the outbox). Keys are tenants (a consumer also has a lane for refused records).
 * <p>
 * Bulk tenants yield (optional, {@code bulkDeferNanos} &gt; 0): a tenant its user {@link #mark}s as bulk (one that
 * keeps the workers busy, e.g. draining a flood at its pace) gets no new turn while a tenant that is not bulk has a
 * turn running or waiting, unless it has waited {@code bulkDeferNanos}. Free workers alone do not protect a quiet
 * tenant: on a small machine the flood's turns running beside its turn take the cores, the producer and the
 * database from it (bench/events.sh measured every step of its turns doubling), so the flood's next turn waits
 * until the quiet tenant's is done. The bound keeps bulk tenants moving when quiet tenants never stop.
 */
public final class FairTurns<K, T> {

    /** No bound. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /**
     * One tenant's turn. Give it back with {@link #release}. {@code waitedNanos}: how long the tenant stood in line
     * for it (from joining the line to this turn), what a tenant's items wait for the scheduler rather than for work.
     */
    public record Turn<K, T>(K tenant, List<T> items, long waitedNanos) {
    }

    private static final class Lane<T> {
        final ArrayDeque<T> items = new ArrayDeque<>();
        int running;
        int concurrency;
        boolean signalled;
        boolean inLine;
        long inLineSince;
        boolean bulk;

        Lane(int concurrency) {
            this.concurrency = concurrency;
        }

        boolean runnable() {
            return (signalled || !items.isEmpty()) && running < concurrency;
        }
    }

    private final int slots;
    private final int tenantConcurrency;
    private final int tenantQueue;
    private final long bulkDeferNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Map<K, Lane<T>> lanes = new HashMap<>();
    /** Tenants that may be given a turn, in the order they (re)joined the line. */
    private final ArrayDeque<K> line = new ArrayDeque<>();
    private int running;
    private int size;
    /** Set by {@link #next}: how long until a deferred bulk tenant may run anyway (0: none deferred). */
    private long deferredNanos;

    /**
     * @param slots turns at once, all tenants ({@link #UNBOUNDED}: as many as there are workers)
     * @param tenantConcurrency turns of one tenant at once, unless {@link #add(Object, Object, int)} says otherwise
     * @param tenantQueue waiting items of one tenant
     */
    public FairTurns(int slots, int tenantConcurrency, int tenantQueue) {
        this(slots, tenantConcurrency, tenantQueue, 0);
    }

    /** @param bulkDeferNanos longest a bulk tenant yields to the others for its next turn (0: bulk tenants do not yield) */
    public FairTurns(int slots, int tenantConcurrency, int tenantQueue, long bulkDeferNanos) {
        if (slots < 1 || tenantConcurrency < 1 || tenantQueue < 1 || bulkDeferNanos < 0) {
            throw new IllegalArgumentException("turns need at least one slot, one turn and one item per tenant");
        }
        this.slots = slots;
        this.tenantConcurrency = tenantConcurrency;
        this.tenantQueue = tenantQueue;
        this.bulkDeferNanos = bulkDeferNanos;
    }

    /** Unbounded queues, one turn per tenant at a time: the relay's and the consumers' turns. */
    public static <K, T> FairTurns<K, T> oneAtATime() {
        return oneAtATime(0);
    }

    /** The same, bulk tenants yielding for at most {@code bulkDeferNanos} (see the class comment). */
    public static <K, T> FairTurns<K, T> oneAtATime(long bulkDeferNanos) {
        return new FairTurns<>(UNBOUNDED, 1, UNBOUNDED, bulkDeferNanos);
    }

    /**
     * Marks a tenant that has work or a turn as bulk or not (its user decides, e.g. by its recent rate); a tenant
     * without either is not remembered, so mark it when it adds or signals work.
     */
    public void mark(K tenant, boolean bulk) {
        lock.lock();
        try {
            Lane<T> lane = lanes.get(tenant);
            if (lane != null && lane.bulk != bulk) {
                lane.bulk = bulk;
                if (!bulk && lane.inLine) {
                    ready.signal(); // it may run now
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues an item; false when the tenant already has {@code tenantQueue} waiting. */
    public boolean add(K tenant, T item) {
        return add(tenant, item, 0);
    }

    /** Queues an item and sets how many turns the tenant may run at once (0: the default). */
    public boolean add(K tenant, T item, int concurrency) {
        return add(tenant, item, concurrency, null);
    }

    /** Queues an item, marking the tenant bulk or not ({@link #mark}). */
    public boolean add(K tenant, T item, boolean bulk) {
        return add(tenant, item, 0, bulk);
    }

    private boolean add(K tenant, T item, int concurrency, Boolean bulk) {
        lock.lock();
        try {
            Lane<T> lane = lanes.computeIfAbsent(tenant, k -> new Lane<>(tenantConcurrency));
            if (concurrency > 0) {
                lane.concurrency = concurrency;
            }
            if (bulk != null) {
                lane.bulk = bulk;
            }
            if (lane.items.size() >= tenantQueue) {
                forgetIfIdle(tenant, lane);
                return false;
            }
            lane.items.add(item);
            size++;
            enqueue(tenant, lane);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The tenant has work that is not an item; it gets a turn (with no items) once, or one more if it is in one. */
    public void signal(K tenant) {
        signal(tenant, null);
    }

    /** The same, marking the tenant bulk or not ({@link #mark}; null: as it was). */
    public void signal(K tenant, Boolean bulk) {
        lock.lock();
        try {
            Lane<T> lane = lanes.computeIfAbsent(tenant, k -> new Lane<>(tenantConcurrency));
            if (bulk != null) {
                lane.bulk = bulk;
            }
            lane.signalled = true;
            enqueue(tenant, lane);
        } finally {
            lock.unlock();
        }
    }

    /** The next turn, or null after {@code timeout} without one. */
    public Turn<K, T> take(int max, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            Turn<K, T> turn;
            while ((turn = next(max)) == null) {
                if (nanos <= 0) {
                    return null;
                }
                long deferred = deferredNanos;
                long wait = deferred > 0 ? Math.min(nanos, deferred) : nanos;
                nanos -= wait - ready.awaitNanos(wait);
            }
            return turn;
        } finally {
            lock.unlock();
        }
    }

    /** The next turn if one can be given now, else null. */
    public Turn<K, T> poll(int max) {
        lock.lock();
        try {
            return next(max);
        } finally {
            lock.unlock();
        }
    }

    /** Ends a turn; the tenant rejoins the back of the line if it has items left or {@code again}. */
    public void release(K tenant, boolean again) {
        lock.lock();
        try {
            Lane<T> lane = lanes.get(tenant);
            if (lane == null || lane.running == 0) {
                throw new IllegalStateException("no turn of " + tenant + " to give back");
            }
            lane.running--;
            running--;
            lane.signalled |= again;
            enqueue(tenant, lane);
            if (!lane.inLine && !line.isEmpty()) {
                ready.signal(); // the freed slot may serve another tenant
            }
            forgetIfIdle(tenant, lane);
        } finally {
            lock.unlock();
        }
    }

    /** Takes back an item that is still waiting (its submitter gave up); false when a turn already took it. */
    public boolean withdraw(K tenant, T item) {
        lock.lock();
        try {
            Lane<T> lane = lanes.get(tenant);
            if (lane == null || !lane.items.removeFirstOccurrence(item)) {
                return false;
            }
            size--;
            if (!lane.runnable() && lane.inLine) {
                lane.inLine = false;
                line.remove(tenant);
            }
            forgetIfIdle(tenant, lane);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting, all tenants (not counting turns in progress). */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Items of the tenant waiting for a turn. */
    public int waiting(K tenant) {
        lock.lock();
        try {
            Lane<T> lane = lanes.get(tenant);
            return lane == null ? 0 : lane.items.size();
        } finally {
            lock.unlock();
        }
    }

    /** Turns of the tenant in progress. */
    public int running(K tenant) {
        lock.lock();
        try {
            Lane<T> lane = lanes.get(tenant);
            return lane == null ? 0 : lane.running;
        } finally {
            lock.unlock();
        }
    }

    /** Turns in progress, all tenants. */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: gives the next turn, if a slot is free and a tenant may run. */
    private Turn<K, T> next(int max) {
        deferredNanos = 0;
        if (running >= slots || line.isEmpty()) {
            return null;
        }
        K tenant = fewestRunning(System.nanoTime());
        if (tenant == null) {
            return null; // only bulk tenants waiting, yielding to a quiet tenant's turn
        }
        Lane<T> lane = lanes.get(tenant);
        lane.inLine = false;
        lane.running++;
        running++;
        lane.signalled = false;
        List<T> items = new ArrayList<>(Math.min(max, lane.items.size()));
        while (items.size() < max && !lane.items.isEmpty()) {
            items.add(lane.items.poll());
        }
        size -= items.size();
        long waited = System.nanoTime() - lane.inLineSince;
        enqueue(tenant, lane); // back of the line, if it may run another turn at once
        return new Turn<>(tenant, items, waited);
    }

    /**
     * Under the lock: takes out of the line the tenant with the fewest turns running, the first of them on a tie;
     * bulk tenants that must still yield are passed over (null when nobody else is in line).
     */
    private K fewestRunning(long now) {
        Boolean yielding = bulkDeferNanos > 0 ? null : Boolean.FALSE; // looked up at the first bulk tenant only
        K best = null;
        int fewest = Integer.MAX_VALUE;
        for (K tenant : line) {
            Lane<T> lane = lanes.get(tenant);
            if (lane.bulk && yielding == null) {
                yielding = quietAtWork();
            }
            if (lane.bulk && yielding) {
                long left = lane.inLineSince + bulkDeferNanos - now;
                if (left > 0) {
                    deferredNanos = deferredNanos == 0 ? left : Math.min(deferredNanos, left);
                    continue;
                }
            }
            int count = lane.running;
            if (count < fewest) {
                best = tenant;
                fewest = count;
                if (count == 0) {
                    break;
                }
            }
        }
        if (best == null) {
            return null;
        }
        if (best == line.peekFirst()) {
            line.pollFirst();
        } else {
            line.removeFirstOccurrence(best);
        }
        return best;
    }

    /** Under the lock: a tenant that is not bulk has a turn running or waits for one. */
    private boolean quietAtWork() {
        for (Lane<T> lane : lanes.values()) {
            if (!lane.bulk && (lane.running > 0 || lane.inLine)) {
                return true;
            }
        }
        return false;
    }

    private void enqueue(K tenant, Lane<T> lane) {
        if (!lane.inLine && lane.runnable()) {
            lane.inLine = true;
            lane.inLineSince = System.nanoTime();
            line.add(tenant);
            ready.signal();
        }
    }

    private void forgetIfIdle(K tenant, Lane<T> lane) {
        if (lane.running == 0 && lane.items.isEmpty() && !lane.signalled) {
            lanes.remove(tenant, lane);
        }
    }
}
