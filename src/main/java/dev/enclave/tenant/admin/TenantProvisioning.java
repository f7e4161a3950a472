package dev.enclave.tenant.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.enclave.audit.AuditLog;
import dev.enclave.identity.TenantAccounts;
import dev.enclave.jobs.JobView;
import dev.enclave.jobs.OperatorJobs;
import dev.enclave.limits.LimitsAdminService;
import dev.enclave.limits.PlanResponse;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenancyConfig;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.TenantRegistrar;
import dev.enclave.tenant.TenantsConfig;
import dev.enclave.tenant.admin.TenantRequests.ProvisionRequest;
import dev.enclave.tenant.admin.TenantResponses.Provisioned;
import dev.enclave.tenant.admin.TenantResponses.TenantSummary;
import dev.enclave.tenant.provision.ProvisionJob;

/**
 * Provisions a tenant: checks what the request names (the plan exists, the region is one this deployment knows),
 * registers the id ({@code provisioning}; 409 when it is taken) and queues the {@code provision} job that makes it
 * whole ({@link ProvisionJob}), both in one transaction, so there is never a provisioning tenant without its job.
 * Audited with its outcome.
 */
@ApplicationScoped
class TenantProvisioning {

    static final String AUDIT_ACTION = "provision";

    private final TenantRegistrar registrar;
    private final TenantAccounts accounts;
    private final TenantDirectory directory;
    private final OperatorJobs jobs;
    private final LimitsAdminService limits;
    private final AuditLog audit;
    private final TenancyConfig tenancy;
    private final TenantsConfig config;
    private final ObjectMapper json;

    TenantProvisioning(TenantRegistrar registrar, TenantAccounts accounts, TenantDirectory directory, OperatorJobs jobs,
            LimitsAdminService limits, AuditLog audit, TenancyConfig tenancy, TenantsConfig config, ObjectMapper json) {
        this.registrar = registrar;
        this.accounts = accounts;
        this.directory = directory;
        this.jobs = jobs;
        this.limits = limits;
        this.audit = audit;
        this.tenancy = tenancy;
        this.config = config;
        this.json = json;
    }

    Provisioned provision(ProvisionRequest request) {
        TenantId tenant = new TenantId(request.id()); // its shape was checked with the body
        String username = request.owner().username();
        String email = request.owner().email().strip().toLowerCase(Locale.ROOT);
        String reason = "plan " + request.plan() + ", region " + request.homeRegion() + ", search " + request.searchPlacement()
                + ", owner " + username;
        return audit.operatorAction("tenant/" + tenant.value(), AUDIT_ACTION, tenant, reason, () -> {
            requireFreeOwner(username, email); // before the transaction: no connection held while Keycloak answers
            return QuarkusTransaction.requiringNew().call(() -> {
                requirePlan(request.plan()); // in here, so that a refusal is audited with its outcome too
                requireRegion(request.homeRegion());
                registrar.register(tenant, request.name().strip(), request.plan(), request.homeRegion(),
                        request.searchPlacement());
                JobView job = jobs.start(ProvisionJob.KIND, tenant, ProvisionJob.params(json, username, email));
                return new Provisioned(TenantSummary.of(directory.record(tenant).orElseThrow()), job.id());
            });
        });
    }

    /**
     * The owner's username and email must be free in Keycloak: taken, the answer is 409 and nothing is registered.
     * With Keycloak down the check is skipped: the job waits for Keycloak, and rolls the tenant back if the owner
     * turns out to be taken then.
     */
    void requireFreeOwner(String username, String email) {
        boolean free;
        try {
            free = accounts.available(username, email);
        } catch (RetryLaterException keycloakDown) {
            return;
        }
        if (!free) {
            throw new ProblemException(ProblemType.CONFLICT, "owner: the username or the email is already taken in the identity provider");
        }
    }

    /** The plans operators may name (the plan catalogue). */
    void requirePlan(String plan) {
        if (limits.plans().stream().map(PlanResponse::id).noneMatch(plan::equals)) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "plan: there is no plan '" + plan + "' (see /admin/v1/plans)");
        }
    }

    /** This deployment's region and the other regions it is configured to know ({@code enclave.tenants.other-regions}). */
    void requireRegion(String region) {
        List<String> known = knownRegions();
        if (!known.contains(region)) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED,
                    "homeRegion: '" + region + "' is not a region this deployment knows (" + String.join(", ", known) + ")");
        }
    }

    List<String> knownRegions() {
        List<String> known = new ArrayList<>();
        known.add(tenancy.region());
        config.otherRegions().ifPresent(known::addAll);
        return known;
    }
}
