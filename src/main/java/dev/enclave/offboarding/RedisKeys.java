package dev.enclave.offboarding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.KeyScanCursor;

import dev.enclave.limits.LimitsConfig;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;

/**
 * The tenant's Redis keys: every key of a tenant is named {@code <prefix>{<tenant>}:...} (the hash tag keeps them in
 * one cluster slot; dev.enclave.limits.admission.RedisBuckets), so one SCAN pattern finds them all.
 */
@ApplicationScoped
class RedisKeys implements TenantStore {

    private final RedisDataSource redis;
    private final LimitsConfig limits;

    RedisKeys(RedisDataSource redis, LimitsConfig limits) {
        this.redis = redis;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public long count(TenantId tenant) {
        return keys(tenant).size();
    }

    @Override
    public void purge(TenantId tenant) {
        List<String> keys = keys(tenant);
        try {
            for (int from = 0; from < keys.size(); from += 500) {
                redis.key().del(keys.subList(from, Math.min(keys.size(), from + 500)).toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public String countedBy() {
        return "SCAN MATCH " + pattern("<tenant>");
    }

    @Override
    public String meaning() {
        return "the tenant's rate-limit buckets and in-flight leases";
    }

    private List<String> keys(TenantId tenant) {
        try {
            KeyScanCursor<String> cursor = redis.key().scan(new KeyScanArgs().match(pattern(tenant.value())).count(1000));
            Set<String> keys = new LinkedHashSet<>(); // SCAN may return a key twice
            while (cursor.hasNext()) {
                keys.addAll(cursor.next());
            }
            return new ArrayList<>(keys);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** Glob characters in the deployment's prefix are escaped; a tenant id has none. */
    String pattern(String tenant) {
        return limits.redis().keyPrefix().replaceAll("([\\\\*?\\[\\]])", "\\\\$1") + "{" + tenant + "}:*";
    }

    private static RetryLaterException unavailable(RuntimeException e) {
        return new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE, "redis is unavailable: " + e.getClass().getSimpleName(),
                java.time.Duration.ofSeconds(5));
    }
}
