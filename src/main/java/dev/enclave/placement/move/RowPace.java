package dev.enclave.placement.move;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Holds a move's copy or deletes to a number of rows per second: after each batch, sleeps until the rows done so far are due. */
final class RowPace {

    private final int rowsPerSecond;
    private final long started = System.nanoTime();

    RowPace(int rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    void await(long rowsDone) {
        if (rowsPerSecond <= 0) {
            return;
        }
        long due = started + TimeUnit.SECONDS.toNanos(rowsDone) / rowsPerSecond;
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
            LockSupport.parkNanos(ahead); // the job's thread: nothing else waits on it
        }
    }
}
