package dev.enclave.events.outbox;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import dev.enclave.fairness.Pace;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.platform.RedisScript;

/**
 * The relay's publishing pace kept in Redis, where the request limits are ({@code enclave.limits.redis.*}: same
 * server, key prefix and timeout), so every instance draws one tenant's passes from one bucket: two or four instances
 * publish a flooding tenant at the pace, not at two or four times it. Time is Redis' clock (TIME), as for the
 * request buckets. A failure or a call slower than the timeout makes {@link Pace} pace this instance alone for a
 * while (logged here once each way), never leave the tenant unpaced.
 */
@ApplicationScoped
class SharedPace implements Pace.Store<String>, Pace.Fallback {

    private static final Logger LOG = Logger.getLogger(SharedPace.class);

    /** KEYS: the tenant's pace bucket (tokens, ts in ms). ARGV: capacity, rate/s, give back, want. Returns {taken, ms to full}. */
    static final String TAKE = """
            local capacity = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local give = tonumber(ARGV[3])
            local want = tonumber(ARGV[4])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(state[1])
            local ts = tonumber(state[2])
            if tokens == nil or ts == nil then
              tokens = capacity
              ts = now
            end
            if now > ts then
              tokens = tokens + (now - ts) * rate / 1000
              ts = now
            end
            tokens = math.min(capacity, tokens + give)
            local taken = math.max(0, math.min(want, math.floor(tokens)))
            tokens = tokens - taken
            local full_ms = math.ceil((capacity - tokens) * 1000 / rate)
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%.3f', ts))
            redis.call('PEXPIRE', KEYS[1], full_ms + 1000)
            return {taken, full_ms}
            """;

    private static final RedisScript SCRIPT = new RedisScript(TAKE);

    private final ReactiveRedisDataSource redis;
    private final LimitsConfig.Redis config;

    SharedPace(ReactiveRedisDataSource redis, LimitsConfig config) {
        this.redis = redis;
        this.config = config.redis();
    }

    @Override
    public Pace.Grant take(String tenant, double capacity, int perSecond, int giveBack, int want) {
        // The hash tag keeps the key in the tenant's Redis Cluster slot, with its request buckets.
        Response reply = SCRIPT.run(redis, "1", config.keyPrefix() + "{" + tenant + "}:event-pace",
                String.format(Locale.ROOT, "%.3f", capacity), String.valueOf(perSecond), String.valueOf(giveBack),
                String.valueOf(want)).await().atMost(config.timeout());
        return new Pace.Grant(reply.get(0).toInteger(), reply.get(1).toLong());
    }

    @Override
    public void storeFailed(RuntimeException failure) {
        LOG.warnf("publishing pace store (Redis) failed (%s): each instance paces tenants on its own, retrying every %s",
                failure.toString(), config.retryInterval());
    }

    @Override
    public void storeBack() {
        LOG.info("publishing pace store (Redis) reachable again: tenants' publishing pace is shared by all instances again");
    }
}
