package dev.enclave.fairness;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds at most {@code capacity} tokens, refilled at {@code perSecond}. The one implementation
 * behind the publish pace of the outbox and the request buckets kept locally while Redis is down. Thread-safe.
 */
public final class TokenBucket {

    private final LongSupplier nanoClock;
    private double capacity;
    private double perSecond;
    private double perNano;
    private double tokens;
    private long at;

    /** Starts full. */
    public TokenBucket(double capacity, double perSecond, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        reshape(capacity, perSecond);
        this.tokens = capacity;
        this.at = nanoClock.getAsLong();
    }

    /** New limits (an operator changed them): the time since the last call refills at the new rate. */
    public synchronized void reshape(double capacity, double perSecond) {
        if (capacity < 0 || perSecond <= 0) {
            throw new IllegalArgumentException("a token bucket needs a capacity and a positive rate");
        }
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.perNano = perSecond / 1e9;
    }

    /** The tokens in the bucket now (fractions included). */
    public synchronized double tokens() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - at) * perNano);
        at = now;
        return tokens;
    }

    /** Whole tokens available now, at most {@code max}. */
    public synchronized int available(int max) {
        return (int) Math.min(max, Math.floor(tokens()));
    }

    /** Takes one token if there is a whole one. */
    public synchronized boolean tryTake() {
        if (tokens() < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Takes {@code count} tokens, going into debt if there are fewer (a pass charged after the fact). */
    public synchronized void spend(double count) {
        tokens();
        tokens -= count;
    }

    /** Milliseconds until the bucket holds {@code level} tokens (0 if it does). */
    public synchronized long millisUntil(double level) {
        double missing = level - tokens();
        return missing <= 0 ? 0 : (long) Math.ceil(missing * 1000 / perSecond);
    }

    /** Milliseconds until the bucket is full. */
    public synchronized long millisUntilFull() {
        return millisUntil(capacity);
    }

    public synchronized double capacity() {
        return capacity;
    }
}
