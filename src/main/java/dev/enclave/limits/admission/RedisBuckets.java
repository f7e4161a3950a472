package dev.enclave.limits.admission;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import dev.enclave.limits.LimitValues;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.tenancy.TenantId;

/**
 * The shared limiter: one Redis round trip per request runs a Lua script that, atomically, refills and takes from
 * the tenant's token bucket and takes an in-flight lease. Every instance uses the same keys, so the limits are the
 * tenant's, not the instance's. Time is Redis' own clock (TIME), so instances' clocks may disagree.
 * A lease is a sorted-set entry that expires, so a slot held by a crashed instance frees itself.
 */
@ApplicationScoped
class RedisBuckets {

    /** KEYS: bucket hash (tokens, ts), in-flight sorted set (lease -> expiry ms). ARGV: rate/s, burst, max in flight, lease ms, lease id. */
    static final String ADMIT = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local max_in_flight = tonumber(ARGV[3])
            local lease_ms = tonumber(ARGV[4])
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
            if tokens > burst then
              tokens = burst
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
            local in_flight = redis.call('ZCARD', KEYS[2])
            local outcome = 0
            if tokens < 1 then
              outcome = 1
            elseif in_flight >= max_in_flight then
              outcome = 2
            else
              tokens = tokens - 1
              in_flight = in_flight + 1
              redis.call('ZADD', KEYS[2], now + lease_ms, ARGV[5])
              redis.call('PEXPIRE', KEYS[2], lease_ms)
            end
            local full_ms = math.ceil((burst - tokens) * 1000 / rate)
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
            redis.call('PEXPIRE', KEYS[1], full_ms + 1000)
            local next_token_ms = 0
            if tokens < 1 then
              next_token_ms = math.ceil((1 - tokens) * 1000 / rate)
            end
            return {outcome, math.floor(tokens), full_ms, next_token_ms, in_flight}
            """;

    private static final RedisScript SCRIPT = new RedisScript(ADMIT);

    private final ReactiveRedisDataSource redis;
    private final LimitsConfig.Redis config;

    RedisBuckets(ReactiveRedisDataSource redis, LimitsConfig config) {
        this.redis = redis;
        this.config = config.redis();
    }

    /** Blocks for at most the configured timeout; any failure is the caller's to handle (fall back). */
    Admission admit(TenantId tenant, LimitValues limits, String lease) {
        String[] args = { "2", bucketKey(tenant), leasesKey(tenant), String.valueOf(limits.requestsPerSecond()),
                String.valueOf(limits.burst()), String.valueOf(limits.maxInFlight()),
                String.valueOf(config.inFlightLease().toMillis()), lease };
        Response reply = SCRIPT.run(redis, args).await().atMost(config.timeout());
        Admission.Outcome outcome = Admission.Outcome.values()[reply.get(0).toInteger()];
        return new Admission(tenant, outcome, limits.burst(), Admission.window(limits.burst(), limits.requestsPerSecond()),
                reply.get(1).toLong(), reply.get(2).toLong(),
                reply.get(3).toLong(), reply.get(4).toLong(), limits.maxInFlight(), Admission.Store.REDIS,
                outcome == Admission.Outcome.ADMITTED ? lease : null);
    }

    /** Gives the in-flight slot back, without waiting: it runs when a response has ended. */
    Uni<Void> release(TenantId tenant, String lease) {
        return redis.execute("ZREM", leasesKey(tenant), lease).replaceWithVoid();
    }

    // Hash tags ({tenant}) keep both keys of a tenant in one slot, as a Redis Cluster needs for one script.
    private String bucketKey(TenantId tenant) {
        return config.keyPrefix() + "{" + tenant.value() + "}:rate";
    }

    private String leasesKey(TenantId tenant) {
        return config.keyPrefix() + "{" + tenant.value() + "}:in-flight";
    }
}
