package dev.enclave.placement.move;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Holds a copy to a number of rows per second: after each batch, sleeps until the rows copied so far are due. */
final class CopyPace {

    private final int rowsPerSecond;
    private final long started = System.nanoTime();

    CopyPace(int rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    void await(long rowsCopied) {
        if (rowsPerSecond <= 0) {
            return;
        }
        long due = started + TimeUnit.SECONDS.toNanos(rowsCopied) / rowsPerSecond;
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
            LockSupport.parkNanos(ahead); // the job's thread: nothing else waits on it
        }
    }
}
