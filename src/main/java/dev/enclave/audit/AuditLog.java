package dev.enclave.audit;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import dev.enclave.platform.RequestIds;
import dev.enclave.platform.Timestamps;
import dev.enclave.tenancy.TenantContext;
import dev.enclave.tenancy.TenantId;

/**
 * Writes the global audit log. Each entry commits on its own (REQUIRES_NEW), so a denial is recorded even though
 * the request that caused it rolls back. The actor, the actor's tenant and the request id are taken from the
 * current unit of work, never from the caller's arguments.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final AuditRepository repository;
    private final MeterRegistry metrics;
    private final Instance<SecurityIdentity> identity;
    private final TenantContext tenant;

    AuditLog(AuditRepository repository, MeterRegistry metrics, Instance<SecurityIdentity> identity, TenantContext tenant) {
        this.repository = repository;
        this.metrics = metrics;
        this.identity = identity;
        this.tenant = tenant;
    }

    /** A refused attempt; {@code reason} is a short, bounded code (it labels the denial metric). */
    @Transactional(TxType.REQUIRES_NEW)
    public void denied(String resource, String action, TenantId target, String reason) {
        write(resource, action, target, AuditOutcome.DENIED, reason);
        Counter.builder("enclave.denials").description("Denied requests and messages, by reason")
                .tag("reason", reason).register(metrics).increment();
    }

    /** A privileged action that crossed tenants and was allowed (operator acts on a tenant). */
    @Transactional(TxType.REQUIRES_NEW)
    public void allowed(String resource, String action, TenantId target, String reason) {
        write(resource, action, target, AuditOutcome.ALLOWED, reason);
    }

    private void write(String resource, String action, TenantId target, AuditOutcome outcome, String reason) {
        AuditEntity entity = new AuditEntity();
        entity.occurredAt = Timestamps.now();
        entity.actor = actor();
        entity.actorTenant = Arc.container().requestContext().isActive() ? tenant.current().map(TenantId::value).orElse(null) : null;
        entity.targetTenant = target == null ? null : target.value();
        entity.resource = resource;
        entity.action = action;
        entity.outcome = outcome.name().toLowerCase();
        entity.reason = reason;
        entity.requestId = RequestIds.current();
        repository.persist(entity);
        LOG.infof("audit %s %s %s by %s (tenant %s) target %s: %s", entity.outcome, action, resource, entity.actor,
                entity.actorTenant, entity.targetTenant, reason);
    }

    private String actor() {
        if (!Arc.container().requestContext().isActive() || !identity.isResolvable()) {
            return "system";
        }
        SecurityIdentity current = identity.get();
        if (current.isAnonymous()) {
            return "anonymous";
        }
        if (current.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return current.getPrincipal().getName();
    }
}
