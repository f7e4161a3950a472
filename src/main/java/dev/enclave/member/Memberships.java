package dev.enclave.member;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import dev.enclave.tenancy.TenantId;

/**
 * Who a subject is in a tenant, kept for {@link #TTL} so that a read does not spend a database transaction on the
 * caller's own member row. Keyed by (tenant, subject): an entry of one tenant is never an answer for another.
 * Only found members are kept; a caller who is not (yet) a member is looked up every time, so an invitation binds
 * at their first request.
 * <p>
 * A change on this instance (role change, removal, import, purge) drops the tenant's entries when its transaction
 * ends ({@link #forgetAfterCommit}), and a lookup that raced with the change is not stored (the tenant's generation
 * moved on). Another instance sees the change within {@link #TTL}, as with the tenant registry's status.
 */
@ApplicationScoped
public class Memberships {

    /** How long a role change or removal may take to be seen by every other instance. */
    public static final Duration TTL = Duration.ofSeconds(2);

    private record Key(String tenant, String subject) {
    }

    private record Entry(CurrentMember.Membership membership, long expiresAtNanos) {
    }

    private final MemberRepository members;
    private final TransactionSynchronizationRegistry transactions;
    private final ConcurrentHashMap<Key, Entry> cache = new ConcurrentHashMap<>();
    /** Per tenant: moves on at every change, so a lookup that started before it is not stored. */
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();

    Memberships(MemberRepository members, TransactionSynchronizationRegistry transactions) {
        this.members = members;
        this.transactions = transactions;
    }

    /** The cached membership of {@code subject} in {@code tenant}, when there is a fresh one. */
    Optional<CurrentMember.Membership> cached(TenantId tenant, String subject) {
        Entry entry = cache.get(new Key(tenant.value(), subject));
        if (entry == null || System.nanoTime() - entry.expiresAtNanos() > 0) {
            return Optional.empty();
        }
        return Optional.of(entry.membership());
    }

    /** The tenant's current generation: read before a lookup, handed to {@link #remember}. */
    long generation(TenantId tenant) {
        return generations.computeIfAbsent(tenant.value(), t -> new AtomicLong()).get();
    }

    /** Keeps a looked-up membership, unless the tenant's members changed since {@code generation} was read. */
    void remember(TenantId tenant, CurrentMember.Membership membership, long generation) {
        Key key = new Key(tenant.value(), membership.subject());
        cache.put(key, new Entry(membership, System.nanoTime() + TTL.toNanos()));
        if (generation(tenant) != generation) {
            cache.remove(key); // a change ended meanwhile: what was read may be what it replaced
        }
    }

    /** Drops every cached membership of the tenant on this instance, now. */
    public void forget(TenantId tenant) {
        generations.computeIfAbsent(tenant.value(), t -> new AtomicLong()).incrementAndGet();
        cache.keySet().removeIf(key -> key.tenant().equals(tenant.value()));
    }

    /**
     * Drops them now and again when the current transaction has ended (committed or not): a request that read the
     * old row before the commit cannot keep it. Outside a transaction, only now.
     */
    public void forgetAfterCommit(TenantId tenant) {
        forget(tenant);
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    forget(tenant);
                }
            });
        }
    }

    /** Reads the member row of {@code subject}, binding an invitation to the verified email first when there is one. */
    @Transactional
    Optional<CurrentMember.Membership> load(String subject, Optional<String> verifiedEmail) {
        Optional<MemberEntity> member = members.bySubject(subject);
        if (member.isEmpty() && verifiedEmail.isPresent() && members.bindInvitation(verifiedEmail.get(), subject) == 1) {
            member = members.bySubject(subject);
        }
        return member.map(m -> new CurrentMember.Membership(m.id, subject, m.role()));
    }
}
