package dev.enclave.events.consume;

import java.util.concurrent.ConcurrentSkipListSet;

/**
 * What a consumer received from one partition and which of those records are still open (not yet applied or
 * dead-lettered). The offset it may commit is the oldest open one, so a restart never skips an unfinished record.
 * Written by the poll thread (received) and the workers (done); read by the poll thread.
 */
final class PartitionProgress {

    private final ConcurrentSkipListSet<Long> open = new ConcurrentSkipListSet<>();
    private volatile long highestReceived = -1;
    private long committed = -1;

    void received(long offset) {
        open.add(offset);
        if (offset > highestReceived) {
            highestReceived = offset;
        }
    }

    void done(long offset) {
        open.remove(offset);
    }

    /** The next offset to commit, or -1 when nothing new is finished since the last commit. */
    long committable() {
        long received = highestReceived;
        if (received < 0) {
            return -1;
        }
        Long oldestOpen = open.isEmpty() ? null : open.first();
        long next = oldestOpen == null ? received + 1 : oldestOpen;
        return next > committed ? next : -1;
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
