package dev.enclave.limits.admission;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import dev.enclave.limits.LimitValues;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.platform.RedisScript;
import dev.enclave.tenancy.TenantId;

/**
 * The shared limiter store: one Lua script, run atomically, refills the tenant's token bucket, takes back what an
 * instance gives back and grants it a batch of tokens and a number of in-flight slots ({@link InstanceShares}
 * spends them locally). Every instance uses the same keys, so the limits are the tenant's, not the instance's.
 * Time is Redis' own clock (TIME), so instances' clocks may disagree. An instance's slots are one hash field with
 * an expiry, renewed at every call, so slots held by a crashed instance free themselves.
 */
@ApplicationScoped
class RedisBuckets {

    /**
     * KEYS: bucket hash (tokens, ts), slot hash (instance -> "slots:expiry ms"). ARGV: rate/s, burst, max in flight,
     * slot lease ms, instance, tokens given back, tokens wanted, slots wanted (the instance's new total).
     * Returns {tokens granted, whole tokens left, ms until full, ms until a whole token, slots held, others' slots}.
     */
    static final String GRANT = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local max_in_flight = tonumber(ARGV[3])
            local lease_ms = tonumber(ARGV[4])
            local instance = ARGV[5]
            local give_back = tonumber(ARGV[6])
            local want_tokens = tonumber(ARGV[7])
            local want_slots = tonumber(ARGV[8])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(state[1])
            local ts = tonumber(state[2])
            if tokens == nil or ts == nil then
              tokens = burst
              ts = now
            end
            if now > ts then
              tokens = tokens + (now - ts) * rate / 1000
              ts = now
            end
            tokens = math.min(burst, tokens + give_back)
            local granted = 0
            if tokens >= 1 then
              granted = math.min(want_tokens, math.floor(tokens))
              tokens = tokens - granted
            end
            local others = 0
            local held = redis.call('HGETALL', KEYS[2])
            for i = 1, #held, 2 do
              if held[i] ~= instance then
                local n, expiry = string.match(held[i + 1], '(%d+):(%d+)')
                if tonumber(expiry) > now then
                  others = others + tonumber(n)
                else
                  redis.call('HDEL', KEYS[2], held[i])
                end
              end
            end
            local slots = math.max(0, math.min(want_slots, max_in_flight - others))
            if slots > 0 then
              redis.call('HSET', KEYS[2], instance, slots .. ':' .. (now + lease_ms))
              redis.call('PEXPIRE', KEYS[2], lease_ms)
            else
              redis.call('HDEL', KEYS[2], instance)
            end
            local full_ms = math.ceil((burst - tokens) * 1000 / rate)
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
            redis.call('PEXPIRE', KEYS[1], full_ms + 1000)
            local next_token_ms = 0
            if tokens < 1 then
              next_token_ms = math.ceil((1 - tokens) * 1000 / rate)
            end
            return {granted, math.floor(tokens), full_ms, next_token_ms, slots, others}
            """;

    private static final RedisScript SCRIPT = new RedisScript(GRANT);

    /** What the store granted an instance, and the bucket's state after it (for the RateLimit headers). */
    record Grant(long tokens, long remaining, long resetMillis, long nextTokenMillis, int slots, long othersInFlight) {
    }

    private final ReactiveRedisDataSource redis;
    private final LimitsConfig.Redis config;

    RedisBuckets(ReactiveRedisDataSource redis, LimitsConfig config) {
        this.redis = redis;
        this.config = config.redis();
    }

    /**
     * Gives back {@code giveBack} unspent tokens, takes up to {@code wantTokens} and sets this instance's slots to
     * at most {@code wantSlots}. Blocks for at most the configured timeout; any failure is the caller's to handle.
     */
    Grant grant(TenantId tenant, LimitValues limits, String instance, long giveBack, long wantTokens, int wantSlots) {
        return grantLater(tenant, limits, instance, giveBack, wantTokens, wantSlots).await().atMost(config.timeout());
    }

    /** The same without waiting: for the share renewals that no request waits for. */
    Uni<Grant> grantLater(TenantId tenant, LimitValues limits, String instance, long giveBack, long wantTokens, int wantSlots) {
        String[] args = { "2", bucketKey(tenant), slotsKey(tenant), String.valueOf(limits.requestsPerSecond()),
                String.valueOf(limits.burst()), String.valueOf(limits.maxInFlight()),
                String.valueOf(config.inFlightLease().toMillis()), instance, String.valueOf(giveBack),
                String.valueOf(wantTokens), String.valueOf(wantSlots) };
        return SCRIPT.run(redis, args).ifNoItem().after(config.timeout()).fail()
                .map(reply -> new Grant(reply.get(0).toLong(), reply.get(1).toLong(), reply.get(2).toLong(),
                        reply.get(3).toLong(), reply.get(4).toInteger(), reply.get(5).toLong()));
    }

    // Hash tags ({tenant}) keep both keys of a tenant in one slot, as a Redis Cluster needs for one script.
    private String bucketKey(TenantId tenant) {
        return config.keyPrefix() + "{" + tenant.value() + "}:rate";
    }

    private String slotsKey(TenantId tenant) {
        return config.keyPrefix() + "{" + tenant.value() + "}:slots";
    }
}
