package dev.enclave.limits.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.limits.LimitsConfig;
import dev.enclave.tenancy.TenantId;

/**
 * Remembers, per bearer token, a rate-limit refusal until its retry time, so that a flood which is refused anyway
 * is refused again before the token is verified ({@link RefusalReplay}): no signature check, no tenant lookup, no
 * Redis call. Only refusals of verified tokens are remembered ({@link RequestLimitsFilter}).
 * <p>
 * Why this is safe: the key is the SHA-256 of the exact token, so only its holder gets the cached answer, and the
 * token itself is not kept in memory. It never admits anything: it only refuses, for at most the retry time the
 * shared bucket gave (a tenant's next token is due then; milliseconds at a tenant's rate, never more than the
 * time one token takes to refill) and never past the token's expiry. The answer repeats what the holder was just
 * told (the same 429 and RateLimit-* values, counted down), so it reveals nothing new. Another token of the same
 * tenant, and every other tenant, goes the normal path; no client-supplied tenant is read. An unknown or forged
 * token is never in the map and is verified as usual. The price: for at most the retry time, a suspended tenant
 * or a removed member still get this 429 instead of the new answer, and so does a raised limit on the instances
 * other than the one that made the change ({@link #forget}).
 * <p>
 * Bounded: at most {@code enclave.limits.refusal-cache.size} entries; when full, expired entries are swept and,
 * if it is still full, a refusal is simply not remembered (the normal path stays correct, only slower).
 */
@ApplicationScoped
public class RefusalCache {

    private record Entry(TenantId tenant, int limit, long remaining, long resetAtNanos, long retryAtNanos,
            long tokenExpiresAtMillis) {
    }

    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final boolean enabled;
    private final int size;
    private volatile long lastSweepNanos = System.nanoTime() - SWEEP_INTERVAL_NANOS;

    RefusalCache(LimitsConfig config) {
        this.enabled = config.refusalCache().enabled();
        this.size = config.refusalCache().size();
    }

    boolean enabled() {
        return enabled;
    }

    /** After the shared limiter refused a request of this verified token for its rate (other refusals are not kept). */
    void remember(String rawToken, long tokenExpiresAtEpochSeconds, Admission refusal) {
        if (!enabled || refusal.outcome() != Admission.Outcome.RATE_LIMITED) {
            return;
        }
        // The times are relative to the limiter's answer, so counting from now (after it arrived) errs late by
        // the round trip: the cache may refuse that much longer than the bucket would, never shorter.
        long now = System.nanoTime();
        if (entries.size() >= size && !sweep(now)) {
            return;
        }
        entries.put(hash(rawToken), new Entry(refusal.tenant(), refusal.limit(), refusal.remaining(),
                now + TimeUnit.MILLISECONDS.toNanos(refusal.resetMillis()),
                now + TimeUnit.MILLISECONDS.toNanos(refusal.retryAfterMillis()),
                TimeUnit.SECONDS.toMillis(tokenExpiresAtEpochSeconds)));
    }

    /** Drops this instance's refusals of the tenant after an operator changed its limits here. */
    public void forget(TenantId tenant) {
        entries.values().removeIf(e -> e.tenant().equals(tenant));
    }

    /** The refusal to repeat for this token, with its times counted down to now; empty once retry-at has passed. */
    Optional<Admission> find(String rawToken) {
        if (!enabled || entries.isEmpty()) {
            return Optional.empty();
        }
        String key = hash(rawToken);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (now - entry.retryAtNanos() >= 0 || System.currentTimeMillis() >= entry.tokenExpiresAtMillis()) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(new Admission(entry.tenant(), Admission.Outcome.RATE_LIMITED, entry.limit(), entry.remaining(),
                millisUntil(entry.resetAtNanos(), now), millisUntil(entry.retryAtNanos(), now), 0, 0,
                Admission.Store.CACHED_REFUSAL, null));
    }

    /** Drops expired entries, at most every 100 ms (a full map of live entries would otherwise be swept per refusal). */
    private boolean sweep(long now) {
        if (now - lastSweepNanos < SWEEP_INTERVAL_NANOS) {
            return false;
        }
        lastSweepNanos = now;
        long wallNow = System.currentTimeMillis();
        entries.values().removeIf(e -> now - e.retryAtNanos() >= 0 || wallNow >= e.tokenExpiresAtMillis());
        return entries.size() < size;
    }

    private static long millisUntil(long atNanos, long now) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(atNanos - now + 999_999));
    }

    private static String hash(String rawToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawToken.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
