package dev.enclave.limits.admission;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.mutiny.Uni;

import dev.enclave.limits.LimitValues;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.tenancy.TenantId;

/**
 * An instance's share of a tenant's shared limits, against the real Redis: requests are admitted from the share
 * without a round trip, what is not spent goes back to the one bucket, and two instances together never hold more
 * in-flight slots than the tenant's limit. Each test uses a tenant of its own (only Redis keys, no rows).
 */
@QuarkusTest
class InstanceSharesTest {

    /** Long enough that no share expires while a test runs, even on a busy machine. */
    static final Duration WINDOW = Duration.ofSeconds(30);

    @Inject
    RedisBuckets store;

    @Inject
    RedisDataSource redis;

    @Inject
    LimitsConfig config;

    @Test
    void aShareIsSpentWithoutTheStoreAndWhatIsLeftGoesBack() {
        TenantId tenant = tenant();
        // rate 1/s: a 30 s window allows a share of 30, capped at a quarter of the burst: 25 tokens per round trip.
        LimitValues limits = limits(1, 100, 100);
        InstanceShares shares = new InstanceShares(store, WINDOW, Duration.ofSeconds(2));

        for (int i = 0; i < 25; i++) {
            assertThat("request " + (i + 1), shares.admit(tenant, limits, "r" + i).admitted(), is(true));
            shares.release(tenant);
        }
        // One grant of 25 for all 25 requests: the bucket lost exactly 25 (it refills 1/s: a few seconds of slack).
        assertThat(bucketTokens(tenant), allOf(greaterThanOrEqualTo(75.0), lessThan(80.0)));

        assertThat(shares.admit(tenant, limits, "r25").admitted(), is(true)); // the 26th takes a second share
        shares.release(tenant);
        assertThat(bucketTokens(tenant), allOf(greaterThanOrEqualTo(50.0), lessThan(56.0)));

        shares.giveBackAll(); // 24 unspent tokens go back
        assertThat(bucketTokens(tenant), allOf(greaterThanOrEqualTo(74.0), lessThan(82.0)));
    }

    @Test
    void aBusyTenantCostsOneStoreCallNotOnePerRequest() {
        TenantId tenant = tenant();
        CountingStore counting = new CountingStore(store);
        InstanceShares shares = new InstanceShares(counting, WINDOW, Duration.ofSeconds(2));
        LimitValues limits = limits(1_000_000, 1_000_000, 10_000);
        for (int i = 0; i < 500; i++) {
            assertThat(shares.admit(tenant, limits, "r" + i).admitted(), is(true));
            shares.release(tenant);
        }
        assertThat("store calls for 500 admissions", counting.calls, is(1));
    }

    @Test
    void aQuietTenantsShareGoesBackOffTheRequestPath() {
        TenantId tenant = tenant();
        CountingStore counting = new CountingStore(store);
        Duration window = Duration.ofMillis(50);
        InstanceShares shares = new InstanceShares(counting, window, Duration.ofSeconds(2));
        LimitValues limits = limits(10_000, 100_000, 100); // a batch of 500 tokens (10,000/s x 50 ms), 11 slots
        assertThat(shares.admit(tenant, limits, "r0").admitted(), is(true));
        shares.release(tenant);
        assertThat(slotsHeld(tenant), is(true));

        Awaitility.await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10)).until(() -> {
            shares.renewAll(); // what the timer does every window; quiet for longer than one: all of it back
            return !slotsHeld(tenant);
        });
        assertThat("one call took the share, one gave it back, however often the timer looked", counting.calls, is(2));
    }

    /** The real store, counting the calls an instance makes. */
    static final class CountingStore extends RedisBuckets {
        private final RedisBuckets real;
        volatile int calls;

        CountingStore(RedisBuckets real) {
            super(null, ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(LimitsConfig.class));
            this.real = real;
        }

        @Override
        Grant grant(TenantId tenant, LimitValues limits, String instance, long giveBack, long wantTokens, int wantSlots) {
            calls++;
            return real.grant(tenant, limits, instance, giveBack, wantTokens, wantSlots);
        }

        @Override
        Uni<Grant> grantLater(TenantId tenant, LimitValues limits, String instance, long giveBack, long wantTokens, int wantSlots) {
            calls++;
            return real.grantLater(tenant, limits, instance, giveBack, wantTokens, wantSlots);
        }
    }

    @Test
    void twoInstancesNeverHoldMoreSlotsThanTheLimit() {
        TenantId tenant = tenant();
        LimitValues limits = limits(1000, 1000, 3);
        InstanceShares first = new InstanceShares(store, WINDOW, Duration.ofSeconds(2));
        InstanceShares second = new InstanceShares(store, WINDOW, Duration.ofSeconds(2));

        for (int i = 0; i < 3; i++) {
            assertThat("first instance, request " + (i + 1), first.admit(tenant, limits, "a" + i).admitted(), is(true));
        }
        Admission refused = second.admit(tenant, limits, "b0");
        assertThat(refused.outcome(), is(Admission.Outcome.TOO_MANY_IN_FLIGHT));
        assertThat(refused.inFlight(), is(3L));
        assertThat("the first instance is full too", first.admit(tenant, limits, "a3").outcome(),
                is(Admission.Outcome.TOO_MANY_IN_FLIGHT));

        first.release(tenant);
        first.release(tenant);
        first.release(tenant);
        first.giveBackAll(); // its slots go back to the store: the other instance may have them
        for (int i = 0; i < 3; i++) {
            assertThat("second instance, request " + (i + 1), second.admit(tenant, limits, "b" + (i + 1)).admitted(), is(true));
        }
        assertThat(first.admit(tenant, limits, "a4").outcome(), is(Admission.Outcome.TOO_MANY_IN_FLIGHT));
    }

    @Test
    void anEmptyBucketRefusesWithItsRetryTime() {
        TenantId tenant = tenant();
        LimitValues limits = limits(1, 2, 10);
        InstanceShares shares = new InstanceShares(store, WINDOW, Duration.ofSeconds(2));
        assertThat(shares.admit(tenant, limits, "r0").admitted(), is(true));
        assertThat(shares.admit(tenant, limits, "r1").admitted(), is(true));
        Admission refused = shares.admit(tenant, limits, "r2");
        assertThat(refused.outcome(), is(Admission.Outcome.RATE_LIMITED));
        assertThat(refused.remaining(), is(0L));
        assertThat(refused.retryAfterSeconds(), is(1L));
    }

    private static TenantId tenant() {
        return new TenantId("shares-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static LimitValues limits(int rate, int burst, int maxInFlight) {
        return new LimitValues(rate, burst, maxInFlight, 1L << 30, 1_000_000L, 4);
    }

    private boolean slotsHeld(TenantId tenant) {
        return redis.key().exists(config.redis().keyPrefix() + "{" + tenant.value() + "}:slots");
    }

    private double bucketTokens(TenantId tenant) {
        String tokens = redis.hash(String.class).hget(config.redis().keyPrefix() + "{" + tenant.value() + "}:rate", "tokens");
        return Double.parseDouble(tokens);
    }
}
