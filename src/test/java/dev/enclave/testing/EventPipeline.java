package dev.enclave.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.usage.TenantUsage;
import dev.enclave.usage.UsageCounters;

/**
 * Looks at the event pipeline from inside a {@code @QuarkusTest}, always as one tenant (through RLS, like the
 * application): its usage counters, whether a consumer processed an event, whether everything recorded so far has
 * been published and applied by both consumers.
 */
public final class EventPipeline {

    public static final String USAGE_METER = "usage-meter";
    public static final String ACTIVITY_FEED = "activity-feed";

    private EventPipeline() {
    }

    public static TenantUsage usage(String tenant) {
        return as(tenant, () -> Arc.container().instance(UsageCounters.class).get().current());
    }

    public static boolean processed(String tenant, String consumer, UUID eventId) {
        return as(tenant, () -> QuarkusTransaction.requiringNew().call(() -> ((Number) em()
                .createNativeQuery("select count(*) from processed_events where consumer = ?1 and event_id = ?2")
                .setParameter(1, consumer).setParameter(2, eventId).getSingleResult()).longValue() > 0));
    }

    /** Events of the tenant recorded but not yet published, or not yet applied by one of the two consumers. */
    public static long unsettled(String tenant) {
        return as(tenant, () -> QuarkusTransaction.requiringNew().call(() -> ((Number) em().createNativeQuery("""
                select count(*) from outbox_events o
                 where o.published_at is null
                    or not exists (select 1 from processed_events p where p.consumer = 'usage-meter' and p.event_id = o.id)
                    or not exists (select 1 from processed_events p where p.consumer = 'activity-feed' and p.event_id = o.id)""")
                .getSingleResult()).longValue()));
    }

    /** Waits (bounded) until every event the tenant recorded so far went through the whole pipeline. */
    public static void awaitSettled(String tenant) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> unsettled(tenant) == 0);
    }

    private static EntityManager em() {
        return Arc.container().instance(EntityManager.class).get();
    }

    private static <T> T as(String tenant, java.util.function.Supplier<T> work) {
        return Arc.container().instance(TenantScope.class).get().runAs(new TenantId(tenant), work);
    }
}
