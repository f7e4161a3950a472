package dev.enclave.portability;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.audit.AuditLog;
import dev.enclave.jobs.JobView;
import dev.enclave.jobs.OperatorJobs;
import dev.enclave.platform.Ids;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.TenantView;

/** What the exports and imports resources share: the tenant in the path, starting a job (audited), finding one. */
@ApplicationScoped
class PortabilityJobs {

    static final String REASON = "platform-operator";

    private final OperatorJobs jobs;
    private final TenantDirectory directory;
    private final AuditLog audit;

    PortabilityJobs(OperatorJobs jobs, TenantDirectory directory, AuditLog audit) {
        this.jobs = jobs;
        this.directory = directory;
        this.audit = audit;
    }

    /** The registered tenant named in the path (404 otherwise) in one of {@code statuses} (409 otherwise). */
    TenantId tenant(String raw, Set<String> statuses, String what) {
        TenantView view = directory.named(raw);
        if (!statuses.isEmpty() && !statuses.contains(view.status())) {
            throw new ProblemException(ProblemType.CONFLICT, "the tenant is " + view.status() + "; " + what);
        }
        return new TenantId(view.id());
    }

    /** Starts a job of {@code kind}, audited with its outcome; 202 with the job's URL. */
    Response start(TenantId tenant, String kind, ObjectNode params, String collection) {
        PortabilityJobResponse job = launch(tenant, kind, params, collection);
        return Response.accepted(job).location(URI.create(path(tenant, collection) + "/" + job.id())).build();
    }

    /** Starts a job of {@code kind}, audited with its outcome (what {@link #start} answers, without the HTTP). */
    PortabilityJobResponse launch(TenantId tenant, String kind, ObjectNode params, String collection) {
        JobView job = audit.operatorAction(path(tenant, collection).substring(1), kind, tenant, REASON,
                () -> jobs.start(kind, tenant, params));
        return PortabilityJobResponse.of(job);
    }

    private static String path(TenantId tenant, String collection) {
        return "/admin/v1/tenants/" + tenant.value() + "/" + collection;
    }

    /** The tenant's job of {@code kind} with this id: 400 for a malformed id, 404 for another tenant's or kind's. */
    PortabilityJobResponse find(TenantId tenant, String rawId, String kind) {
        return jobs.find(tenant, Ids.parse(rawId)).filter(job -> job.kind().equals(kind)).map(PortabilityJobResponse::of)
                .orElseThrow(() -> ProblemException.notFound(kind));
    }

    /** The tenant's latest jobs of {@code kind}, newest first. */
    List<PortabilityJobResponse> latest(TenantId tenant, String kind) {
        return jobs.of(tenant, 200).stream().filter(job -> job.kind().equals(kind)).limit(20).map(PortabilityJobResponse::of).toList();
    }

    /** Whether the tenant has an import or export of {@code kind} not finished yet. */
    boolean running(TenantId tenant, String kind) {
        return jobs.of(tenant, 200).stream().anyMatch(job -> job.kind().equals(kind) && !job.state().finished());
    }
}
