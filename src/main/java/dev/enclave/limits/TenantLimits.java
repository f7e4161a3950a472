package dev.enclave.limits;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.enclave.tenancy.TenantId;

/**
 * A tenant's effective limits: its plan's defaults with the operator's overrides on top. Every instance keeps
 * them for {@link LimitsConfig#refresh()} (2 s by default), so a change made on any instance applies everywhere
 * within that time, and a request never waits for the database while a value is being refreshed.
 */
@ApplicationScoped
public class TenantLimits {

    private static final Logger LOG = Logger.getLogger(TenantLimits.class);

    /** A tenant's plan and the limits that apply to it now. */
    public record Effective(String plan, LimitValues values) {
    }

    private static final class Entry {
        final Effective limits;
        final long expiresAtNanos;
        final AtomicBoolean refreshing = new AtomicBoolean();

        Entry(Effective limits, long expiresAtNanos) {
            this.limits = limits;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    private final Loader loader;
    private final Provider<TenantId> context;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    TenantLimits(Loader loader, Provider<TenantId> context, LimitsConfig config) {
        this.loader = loader;
        this.context = context;
        this.ttlNanos = config.refresh().toNanos();
    }

    /** The limits of the current unit of work's tenant. */
    public Effective current() {
        return of(context.get());
    }

    public Effective of(TenantId tenant) {
        Entry entry = cache.get(tenant.value());
        long now = System.nanoTime();
        if (entry == null) {
            return refresh(tenant, now);
        }
        // One caller refreshes an expired entry; the others keep using the previous value meanwhile.
        if (now - entry.expiresAtNanos > 0 && entry.refreshing.compareAndSet(false, true)) {
            try {
                return refresh(tenant, now);
            } catch (RuntimeException e) {
                LOG.warnf("could not refresh the limits of tenant %s, keeping the previous ones: %s", tenant, e.toString());
                cache.put(tenant.value(), new Entry(entry.limits, now + ttlNanos));
            }
        }
        return entry.limits;
    }

    /** Drops this instance's copy after an operator changed the tenant's limits here. */
    void forget(TenantId tenant) {
        cache.remove(tenant.value());
    }

    /** The same for a change made elsewhere on this instance (an import restoring a tenant's plan and overrides). */
    void changed(@jakarta.enterprise.event.Observes LimitsChanged change) {
        forget(change.tenant());
    }

    private Effective refresh(TenantId tenant, long now) {
        Effective limits = loader.load(tenant)
                .orElseThrow(() -> new IllegalStateException("tenant " + tenant + " has no plan"));
        cache.put(tenant.value(), new Entry(limits, now + ttlNanos));
        return limits;
    }

    /** Reads plan and overrides in one short transaction (platform unit). */
    @ApplicationScoped
    static class Loader {

        private final LimitsRepository repository;

        Loader(LimitsRepository repository) {
            this.repository = repository;
        }

        /**
         * A transaction of its own on the shared database: a quota check may ask from inside a tenant's transaction,
         * which may be in a dedicated database, and no transaction spans two (dev.enclave.placement).
         */
        @Transactional(Transactional.TxType.REQUIRES_NEW)
        Optional<Effective> load(TenantId tenant) {
            return repository.planOf(tenant).flatMap(plan -> repository.plan(plan).map(defaults -> new Effective(plan,
                    repository.overrides(tenant).map(TenantLimitsEntity::values).orElse(LimitValues.NONE).over(defaults.values()))));
        }
    }
}
