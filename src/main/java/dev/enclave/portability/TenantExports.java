package dev.enclave.portability;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.enclave.tenancy.TenantId;

/**
 * Starting and listing a tenant's exports: what {@code POST} and {@code GET /admin/v1/tenants/{id}/exports} do, for
 * the admin API and the operator console alike (same checks, same audit). A tenant that holds data can be exported:
 * active, suspended, offboarding (its grace period is when it asks for its data) or migrating.
 */
@ApplicationScoped
public class TenantExports {

    static final Set<String> EXPORTABLE = Set.of("active", "suspended", "offboarding", "migrating");

    private final PortabilityJobs jobs;

    TenantExports(PortabilityJobs jobs) {
        this.jobs = jobs;
    }

    /** Starts an export of the registered tenant {@code id} (404 otherwise; 409 when it holds no data), audited. */
    public PortabilityJobResponse start(String id) {
        TenantId tenant = jobs.tenant(id, EXPORTABLE, "it holds no data to export");
        return jobs.launch(tenant, ExportJob.KIND, JsonNodeFactory.instance.objectNode(), "exports");
    }

    /** The tenant's latest exports, newest first (404 for a tenant that is not registered). */
    public List<PortabilityJobResponse> latest(String id) {
        return jobs.latest(jobs.tenant(id, Set.of(), null), ExportJob.KIND);
    }
}
