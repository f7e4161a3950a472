package dev.enclave.limits;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.identity.SecurityIdentity;

import dev.enclave.audit.AuditLog;
import dev.enclave.platform.Actors;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;

/**
 * Platform operators read and change a tenant's plan and limits; every change is audited. The admin API and the
 * operator console (dev.enclave.console) both go through here, so they validate and audit alike.
 */
@ApplicationScoped
@Transactional
public class LimitsAdminService {

    static final String AUDIT_ACTION = "change-limits";

    private final LimitsRepository repository;
    private final TenantLimits limits;
    private final Event<LimitsChanged> changed;
    private final TenantDirectory directory;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    LimitsAdminService(LimitsRepository repository, TenantLimits limits, Event<LimitsChanged> changed, TenantDirectory directory,
            AuditLog audit, SecurityIdentity identity) {
        this.repository = repository;
        this.limits = limits;
        this.changed = changed;
        this.directory = directory;
        this.audit = audit;
        this.identity = identity;
    }

    public List<PlanResponse> plans() {
        return repository.plans().stream().map(PlanResponse::of).toList();
    }

    public TenantLimitsResponse get(String tenantId) {
        return view(registered(tenantId));
    }

    /**
     * Applies a JSON merge patch of the plan and overrides (see {@link LimitsPatch}).
     *
     * @throws ProblemException 404 for a tenant that is not registered, 400/422 for a patch that is not valid
     */
    public TenantLimitsResponse patch(String tenantId, ObjectNode body) {
        return patch(tenantId, LimitsPatch.parse(body));
    }

    private TenantLimitsResponse patch(String tenantId, LimitsPatch patch) {
        TenantId tenant = registered(tenantId);
        // Recorded with its outcome: allowed once the change committed, failed when it rolled back (unknown plan...).
        audit.operatorChangeInTransaction("tenant/" + tenant.value() + "/limits", AUDIT_ACTION, tenant, patch.describe());
        patch.plan().ifPresent(plan -> {
            if (repository.plan(plan).isEmpty()) {
                throw new ProblemException(ProblemType.VALIDATION_FAILED, "there is no plan '" + plan + "'");
            }
            repository.changePlan(tenant, plan);
        });
        if (!patch.overrides().isEmpty()) {
            TenantLimitsEntity row = repository.overrides(tenant).orElseGet(() -> {
                TenantLimitsEntity fresh = new TenantLimitsEntity();
                fresh.tenant = tenant.value();
                return fresh;
            });
            patch.overrides().forEach((field, value) -> field.set(row, value.orElse(null)));
            row.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            row.updatedBy = actor();
            if (!repository.isManaged(row)) {
                repository.persist(row);
            }
        }
        repository.flush();
        // This instance applies the change at once; the others within LimitsConfig#refresh.
        limits.forget(tenant);
        changed.fire(new LimitsChanged(tenant));
        directory.forget(tenant);
        return view(tenant);
    }

    private TenantLimitsResponse view(TenantId tenant) {
        String plan = repository.planOf(tenant).orElseThrow();
        LimitValues defaults = repository.plan(plan).orElseThrow().values();
        LimitValues overrides = repository.overrides(tenant).map(TenantLimitsEntity::values).orElse(LimitValues.NONE);
        return new TenantLimitsResponse(tenant.value(), plan, overrides.over(defaults), defaults, overrides);
    }

    private TenantId registered(String raw) {
        return TenantId.parse(raw).filter(t -> repository.planOf(t).isPresent())
                .orElseThrow(() -> ProblemException.notFound("tenant"));
    }

    private String actor() {
        return Actors.subject(identity);
    }
}
