package dev.enclave.tenant;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;

/**
 * The registry as features see it: a tenant's name, plan, status, region and placements. Entries are kept
 * for a couple of seconds so the registry is not read on every call (the tenancy core reads status and region
 * itself: {@code TenantRegistry}).
 */
@ApplicationScoped
public class TenantDirectory {

    /** How long a registry change may take to be seen by every instance. */
    public static final Duration TTL = Duration.ofSeconds(2);

    private record Entry(Optional<TenantView> tenant, long expiresAtNanos) {
    }

    private final TenantRepository repository;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    TenantDirectory(TenantRepository repository) {
        this.repository = repository;
    }

    public Optional<TenantView> find(TenantId tenant) {
        long now = System.nanoTime();
        Entry entry = cache.get(tenant.value());
        if (entry == null || now - entry.expiresAtNanos() > 0) {
            // A transaction of its own on the shared database: the caller's may be a tenant's in a dedicated database,
            // and no transaction spans two (dev.enclave.placement).
            entry = new Entry(QuarkusTransaction.requiringNew().call(() -> load(tenant.value())), now + TTL.toNanos());
            cache.put(tenant.value(), entry);
        }
        return entry.tenant();
    }

    /** The entry of a tenant that must be registered (a unit of work's own); fails closed when it is not. */
    public TenantView registered(TenantId tenant) {
        return find(tenant).orElseThrow(() -> new ProblemException(ProblemType.TENANT_UNAVAILABLE, "the tenant is not registered"));
    }

    /** The tenant an operator named (a path segment): 404 when the id is malformed or not registered, alike. */
    public TenantView named(String id) {
        return TenantId.parse(id).flatMap(this::find).orElseThrow(() -> ProblemException.notFound("tenant"));
    }

    /** Drops the cached state of one tenant, after this instance changed it. */
    public void forget(TenantId tenant) {
        cache.remove(tenant.value());
    }

    /** Every registered tenant, read now (not cached): for operator work that walks all tenants. */
    public List<TenantView> all() {
        return repository.listAll().stream().map(TenantEntity::view).toList();
    }

    /** One page of the registry for operators, read now: ordered by id, after {@code afterId}; null filters match all. */
    @Transactional
    public List<TenantRecord> page(String afterId, String status, String plan, String region, int limit) {
        return repository.page(afterId, status, plan, region, limit).stream().map(TenantEntity::record).toList();
    }

    /** A tenant's entry with its lifecycle bookkeeping, read now (not cached). */
    @Transactional
    public Optional<TenantRecord> record(TenantId tenant) {
        return repository.find(tenant.value()).map(TenantEntity::record);
    }

    private Optional<TenantView> load(String id) {
        return repository.find(id).map(TenantEntity::view);
    }
}
