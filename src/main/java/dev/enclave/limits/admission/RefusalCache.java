package dev.enclave.limits.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.enclave.limits.LimitsChanged;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.tenancy.TenantId;

/**
 * Remembers which tenants' buckets are empty, and until when, so that a flood which would be refused anyway is
 * refused before its token is verified ({@link RefusalReplay}): no signature check, no tenant lookup, no Redis call.
 * It learns from every decision of this instance's limiter on a verified token ({@link RequestLimitsFilter}): when
 * the decision leaves the tenant's bucket without a whole token (a rate refusal, or the admission that took the
 * last token), the tenant is empty until its next token is due, and that token is known to be the tenant's.
 * A known token of an empty tenant gets the limiter's 429 again, with the times counted down. Once the next token
 * is due, one request asks the limiter (as many as it last reported tokens, if it did) and the tenant's other known
 * tokens are refused until that decision is back: a flood reaches the limiter about once per token, not as a herd.
 * <p>
 * Why this is safe: the tenant of a token is only ever taken from a verified token, keyed by the SHA-256 of the
 * exact token (the token itself is not kept), and forgotten when the token expires. The cache never admits
 * anything: it only refuses, while the shared bucket has no token for the tenant (other instances can only empty it
 * further) and, after that, for as long as the limiter takes to decide the requests let through (at most 100 ms).
 * Those tokens stay in the bucket: the tenant still gets its rate, milliseconds later. An unknown or forged token,
 * and every tenant whose bucket holds tokens, goes the normal path; no client-supplied tenant is read. The price:
 * until the next token is due, a suspended tenant or a removed member get this 429 instead of the new answer, and
 * so does a raised limit on the instances other than the one that made the change ({@link #forget}).
 * <p>
 * Bounded: at most {@code enclave.limits.refusal-cache.size} tokens; when full, expired ones are swept and, if it is
 * still full, a token is simply not remembered (the normal path stays correct, only slower).
 */
@ApplicationScoped
public class RefusalCache {

    /** A verified token: whose it is and until when. */
    private record Token(TenantId tenant, long expiresAtMillis) {
    }

    /**
     * What this instance knows of a flooding tenant's bucket from the limiter's last decision: no whole token before
     * {@code tokenDueNanos}; after that, {@code passes} requests may ask the limiter before its next decision (the
     * tokens it reported, or one to see whether the due token is there); the rest are refused meanwhile. Not a token
     * bucket of its own: the bucket is the limiter's (Redis, or {@link LocalBuckets}); this only remembers its answer.
     */
    private record KnownEmpty(int limit, long window, long resetAtNanos, long tokenDueNanos, long passes, long passedAtNanos) {

        KnownEmpty passed(long now) {
            return new KnownEmpty(limit, window, resetAtNanos, tokenDueNanos, Math.max(0, passes - 1), now);
        }
    }

    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** When no decision came back this long after the last pass (its client went away, say), the next one passes. */
    private static final long PASS_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TenantId, KnownEmpty> buckets = new ConcurrentHashMap<>();
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

    /**
     * After this instance's limiter decided a request of this verified token; {@code askedAtNanos}: when the limiter
     * was asked (System.nanoTime). Counting the decision's times from then errs early by the round trip: the cache
     * may send a request to the limiter that it will refuse, never refuse one it would admit.
     */
    void learn(String rawToken, long tokenExpiresAtEpochSeconds, Admission decision, long askedAtNanos) {
        if (!enabled) {
            return;
        }
        TenantId tenant = decision.tenant();
        long resetAt = askedAtNanos + TimeUnit.MILLISECONDS.toNanos(decision.resetMillis());
        if (decision.nextTokenMillis() <= 0) {
            // Tokens left: a tenant that was empty lately may send that many to the limiter before its next decision
            // (not all of its flood at once); any other goes the normal path.
            buckets.computeIfPresent(tenant, (t, known) -> new KnownEmpty(decision.limit(), decision.windowSeconds(), resetAt,
                    askedAtNanos, Math.max(1, decision.remaining()), 0));
            return;
        }
        buckets.put(tenant, new KnownEmpty(decision.limit(), decision.windowSeconds(), resetAt,
                askedAtNanos + TimeUnit.MILLISECONDS.toNanos(decision.nextTokenMillis()), 1, 0));
        String key = hash(rawToken);
        if (!tokens.containsKey(key) && (tokens.size() < size || sweep(System.nanoTime()))) {
            tokens.put(key, new Token(tenant, TimeUnit.SECONDS.toMillis(tokenExpiresAtEpochSeconds)));
        }
    }

    /** Drops what this instance knows of the tenant's bucket after an operator changed its limits here. */
    void forget(@Observes LimitsChanged change) {
        buckets.remove(change.tenant());
    }

    /** The refusal to repeat for this token: empty unless it is a known token of a tenant whose bucket is empty. */
    Optional<Admission> find(String rawToken) {
        if (!enabled || buckets.isEmpty()) {
            return Optional.empty();
        }
        String key = hash(rawToken);
        Token token = tokens.get(key);
        if (token == null) {
            return Optional.empty();
        }
        if (System.currentTimeMillis() >= token.expiresAtMillis()) {
            tokens.remove(key, token);
            return Optional.empty();
        }
        KnownEmpty bucket = buckets.get(token.tenant());
        if (bucket == null) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (now - bucket.tokenDueNanos() >= 0) {
            // A token may be there: this request asks the limiter if a pass is left, or if the last pass brought no
            // decision back in time. The limiter's decision then replaces what is known here.
            boolean mayPass = bucket.passes() > 0 || now - bucket.passedAtNanos() >= PASS_TIMEOUT_NANOS;
            if (mayPass && buckets.replace(token.tenant(), bucket, bucket.passed(now))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Admission(token.tenant(), Admission.Outcome.RATE_LIMITED, bucket.limit(), bucket.window(), 0,
                millisUntil(bucket.resetAtNanos(), now), millisUntil(bucket.tokenDueNanos(), now), 0, 0,
                Admission.Store.CACHED_REFUSAL, null));
    }

    /** Drops expired tokens, at most every 100 ms (a full map of live tokens would otherwise be swept per call). */
    private boolean sweep(long now) {
        if (now - lastSweepNanos < SWEEP_INTERVAL_NANOS) {
            return false;
        }
        lastSweepNanos = now;
        long wallNow = System.currentTimeMillis();
        tokens.values().removeIf(t -> wallNow >= t.expiresAtMillis());
        return tokens.size() < size;
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
