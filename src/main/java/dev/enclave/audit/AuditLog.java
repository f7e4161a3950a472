package dev.enclave.audit;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import dev.enclave.platform.Actors;
import dev.enclave.platform.RequestIds;
import dev.enclave.platform.Timestamps;
import dev.enclave.tenancy.TenantId;

/**
 * Writes the global audit log. The actor, the actor's tenant and the request id are taken from the current unit of
 * work, never from the caller's arguments. Two ways to write:
 * <ul>
 * <li>now, in a transaction of its own (REQUIRES_NEW): for work that holds no pooled connection it could starve
 * (operators' actions, event consumers), and where the record must be in before the work goes on;</li>
 * <li>{@code ...Later}: queued for the {@link AuditWriter}, which writes through its own connection. Everything on
 * a tenant's request path goes this way: the request may hold a pooled connection, and a denial must never wait
 * for a second one.</li>
 * </ul>
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final AuditRepository repository;
    private final AuditWriter writer;
    private final MeterRegistry metrics;
    private final Instance<SecurityIdentity> identity;
    private final Provider<TenantId> tenant;
    private final Provider<Optional<TenantId>> anyTenant;
    private final TransactionSynchronizationRegistry transactions;

    AuditLog(AuditRepository repository, AuditWriter writer, MeterRegistry metrics, Instance<SecurityIdentity> identity,
            Provider<TenantId> tenant, Provider<Optional<TenantId>> anyTenant, TransactionSynchronizationRegistry transactions) {
        this.repository = repository;
        this.writer = writer;
        this.metrics = metrics;
        this.identity = identity;
        this.tenant = tenant;
        this.anyTenant = anyTenant;
        this.transactions = transactions;
    }

    /** A refused attempt; {@code reason} is a short, bounded code (it labels the denial metric). */
    @Transactional(TxType.REQUIRES_NEW)
    public void denied(String resource, String action, TenantId target, String reason) {
        write(entry(resource, action, target, AuditOutcome.DENIED, reason));
        countDenial(metrics, reason);
    }

    /** The same, queued: for the request path (see the class comment). */
    public void deniedLater(String resource, String action, TenantId target, String reason) {
        writer.submit(new AuditWriter.Write(entry(resource, action, target, AuditOutcome.DENIED, reason)));
    }

    /** A lookup of {@code kind/id} that missed: audited (queued) if, and only if, another tenant owns the id. */
    void crossTenantLater(String kind, java.util.UUID id, String action, String reason) {
        writer.submit(new AuditWriter.CrossTenant(kind, id, entry(kind + "/" + id, action, null, AuditOutcome.DENIED, reason)));
    }

    /**
     * A change a member made to their tenant (its settings): queued for the writer once the caller's transaction
     * committed, so a change that rolls back leaves no record; without a transaction, queued now.
     */
    public void changedAfterCommit(String resource, String action, String reason) {
        AuditEntry entry = entry(resource, action, tenant.get(), AuditOutcome.ALLOWED, reason);
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            writer.submit(new AuditWriter.Write(entry));
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    queueQuietly(entry);
                }
            }
        });
    }

    /**
     * An operator's action, audited with its outcome once it is known: {@code allowed} when it succeeded, {@code failed}
     * (with the error's kind) when it threw; each record commits on its own. For actions outside a transaction.
     */
    public <T> T operatorAction(String resource, String action, TenantId target, String reason, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            AuditEntry failed = entry(resource, action, target, AuditOutcome.FAILED, reason + "; failed: " + failure(e));
            QuarkusTransaction.requiringNew().run(() -> write(failed));
            throw e;
        }
        AuditEntry done = entry(resource, action, target, AuditOutcome.ALLOWED, reason);
        QuarkusTransaction.requiringNew().run(() -> write(done));
        return result;
    }

    /**
     * An operator's change made in the caller's transaction: audited {@code allowed} once it committed, {@code failed}
     * when it rolled back (queued for the writer either way). Call it before the change, so that every way it can
     * fail is recorded.
     */
    public void operatorChangeInTransaction(String resource, String action, TenantId target, String reason) {
        AuditEntry allowed = entry(resource, action, target, AuditOutcome.ALLOWED, reason);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                AuditEntry outcome = status == Status.STATUS_COMMITTED ? allowed
                        : new AuditEntry(allowed.occurredAt(), allowed.actor(), allowed.actorTenant(), allowed.targetTenant(),
                                allowed.resource(), allowed.action(), AuditOutcome.FAILED, allowed.reason() + "; rolled back",
                                allowed.requestId());
                queueQuietly(outcome);
            }
        });
    }

    /**
     * The end of an operator's job ({@code dev.enclave.jobs}): it runs after the request that started it, so the
     * actor is the operator who started it, not the worker that ran it. Commits on its own.
     */
    public void jobEnded(String actor, String resource, String action, TenantId target, AuditOutcome outcome, String reason) {
        AuditEntry entry = new AuditEntry(Timestamps.now(), actor, null, target.value(), resource, action, outcome, reason, null);
        QuarkusTransaction.requiringNew().run(() -> write(entry));
    }

    /** An operator read something (queued: reads are many, and must not wait for a second connection). */
    public void readLater(String resource, TenantId target) {
        writer.submit(new AuditWriter.Write(entry(resource, "read", target, AuditOutcome.ALLOWED, "platform-operator")));
    }

    private void queueQuietly(AuditEntry entry) {
        try {
            writer.submit(new AuditWriter.Write(entry));
        } catch (RuntimeException e) {
            LOG.errorf("audit record not queued: %s (%s)", entry, e.toString());
        }
    }

    private static String failure(RuntimeException e) {
        return e instanceof dev.enclave.platform.ProblemException problem ? problem.type().name().toLowerCase() : e.getClass().getSimpleName();
    }

    private AuditEntry entry(String resource, String action, TenantId target, AuditOutcome outcome, String reason) {
        String actorTenant = anyTenant.get().map(TenantId::value).orElse(null);
        return new AuditEntry(Timestamps.now(), actor(), actorTenant, target == null ? null : target.value(), resource,
                action, outcome, reason, RequestIds.current());
    }

    private void write(AuditEntry e) {
        AuditEntity entity = new AuditEntity();
        entity.occurredAt = e.occurredAt();
        entity.actor = e.actor();
        entity.actorTenant = e.actorTenant();
        entity.targetTenant = e.targetTenant();
        entity.resource = e.resource();
        entity.action = e.action();
        entity.outcome = e.outcome().json();
        entity.reason = e.reason();
        entity.requestId = e.requestId();
        repository.persist(entity);
        logged(e);
    }

    static void logged(AuditEntry e) {
        LOG.infof("audit %s %s %s by %s (tenant %s) target %s: %s", e.outcome().json(), e.action(), e.resource(), e.actor(),
                e.actorTenant(), e.targetTenant(), e.reason());
    }

    static void countDenial(MeterRegistry metrics, String reason) {
        Counter.builder("enclave.denials").description("Denied requests and messages, by reason")
                .tag("reason", reason).register(metrics).increment();
    }

    private String actor() {
        return Actors.current(identity);
    }
}
