package dev.enclave.ai;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One summary's attempts at a provider, shared by the request that waits and the worker that calls. After the
 * deadline, or once the request gave up, no attempt starts and the one in progress is interrupted. It counts the
 * attempts cut off after they were sent: the provider may have processed (and will bill) them, so they are charged.
 */
final class ProviderCall {

    private final long deadline;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile boolean abandoned;
    private Thread runner; // guarded by this

    private ProviderCall(long deadline) {
        this.deadline = deadline;
    }

    static ProviderCall within(Duration timeout) {
        return new ProviderCall(System.nanoTime() + timeout.toNanos());
    }

    /** Before each attempt; throws (not retried) once the call is over. */
    void attempt() {
        if (abandoned || System.nanoTime() - deadline >= 0) {
            throw new ProviderException.Abandoned("the call's deadline passed; no further attempt");
        }
        sent.incrementAndGet();
    }

    /** The provider answered the attempt (whatever it said): it was not cut off. */
    void answered() {
        answered.incrementAndGet();
    }

    /** Attempts sent that never got an answer (timeouts, interruption, lost connections). */
    int cutOff() {
        return sent.get() - answered.get();
    }

    synchronized void runningOn(Thread thread) {
        runner = thread;
        if (abandoned) {
            thread.interrupt();
        }
    }

    /** On the runner, when the work is over: no interrupt reaches it any more, and none is left pending. */
    synchronized void finished() {
        runner = null;
        Thread.interrupted();
    }

    /** The request gave up waiting: stop the attempt in progress, start none. */
    synchronized void abandon() {
        abandoned = true;
        if (runner != null) {
            runner.interrupt();
        }
    }
}
