package dev.enclave.tenant.admin;

import java.util.EnumSet;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.enclave.audit.AuditLog;
import dev.enclave.identity.TenantAccounts;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantStatus;
import dev.enclave.tenant.TenantLifecycle;

/**
 * Suspends and resumes a tenant. Suspended: every API call of the tenant is refused (403 tenant-suspended, by the
 * tenancy core, tokens issued before included, on every instance within the registry's TTL); its Keycloak users are
 * disabled and their sessions ended, so no one of it can sign in; its events wait in the outbox (the relay holds
 * them) and are published after the resume. Resume undoes it.
 * <p>
 * Keycloak is changed first and the status second: with Keycloak down the answer is 503 and nothing changed, so the
 * operator simply tries again; a status move that then fails (the tenant changed state meanwhile, 409) puts the
 * users back as they were. Audited with the outcome. The admin API and the operator console both come here.
 */
@ApplicationScoped
public class TenantSuspensions {

    private static final Logger LOG = Logger.getLogger(TenantSuspensions.class);

    private final TenantLifecycle lifecycle;
    private final TenantAccounts accounts;
    private final AuditLog audit;

    TenantSuspensions(TenantLifecycle lifecycle, TenantAccounts accounts, AuditLog audit) {
        this.lifecycle = lifecycle;
        this.accounts = accounts;
        this.audit = audit;
    }

    /** @param id as the operator named it: an unknown tenant is audited too, then 404 */
    public void suspend(String id, String reason) {
        TenantId target = TenantId.parse(id).orElse(null);
        audit.operatorAction(resource(target), "suspend", target, reason, () -> {
            move(target, TenantStatus.ACTIVE, TenantStatus.SUSPENDED, reason, false);
            return null;
        });
    }

    public void resume(String id) {
        TenantId target = TenantId.parse(id).orElse(null);
        audit.operatorAction(resource(target), "resume", target, "platform-operator", () -> {
            move(target, TenantStatus.SUSPENDED, TenantStatus.ACTIVE, null, true);
            return null;
        });
    }

    /** The audited resource: never the raw path segment, which is the caller's text. */
    private static String resource(TenantId tenant) {
        return "tenant/" + (tenant == null ? "(malformed id)" : tenant.value());
    }

    /** @param tenant null for a malformed id: 404 like an unknown one */
    private void move(TenantId tenant, TenantStatus from, TenantStatus to, String reason, boolean usersEnabled) {
        TenantStatus status = (tenant == null ? Optional.<TenantStatus>empty() : lifecycle.current(tenant))
                .orElseThrow(() -> ProblemException.notFound("tenant"));
        if (status != from) {
            throw new ProblemException(ProblemType.CONFLICT, "the tenant is " + status.name().toLowerCase()
                    + "; it cannot become " + to.name().toLowerCase() + " from there");
        }
        accounts.setEnabled(tenant, usersEnabled);
        try {
            lifecycle.move(tenant, EnumSet.of(from), to, reason, null);
        } catch (RuntimeException e) {
            try {
                accounts.setEnabled(tenant, !usersEnabled);
            } catch (RuntimeException again) {
                LOG.errorf("tenant %s: users left %s after a failed move to %s: %s", tenant,
                        usersEnabled ? "enabled" : "disabled", to, again.toString());
            }
            throw e;
        }
    }
}
