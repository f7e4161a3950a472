package dev.enclave.placement.move;

import java.util.EnumSet;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.audit.AuditLog;
import dev.enclave.jobs.JobView;
import dev.enclave.jobs.OperatorJobs;
import dev.enclave.placement.PlacementCatalog;
import dev.enclave.placement.PlacementPools;
import dev.enclave.platform.Ids;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantStatus;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.TenantLifecycle;
import dev.enclave.tenant.TenantView;

/**
 * Starts and shows online moves of tenants between databases ({@link TenantMoveJob}), audited as operator actions.
 * A move needs an active tenant (a move already running leaves it migrating: 409) and a served placement other than
 * its own; the tenant is migrating (still served) until the job ends.
 */
@ApplicationScoped
public class TenantMoves {

    private final OperatorJobs jobs;
    private final TenantDirectory directory;
    private final TenantLifecycle lifecycle;
    private final PlacementCatalog catalog;
    private final PlacementPools pools;
    private final AuditLog audit;
    private final ObjectMapper json;

    TenantMoves(OperatorJobs jobs, TenantDirectory directory, TenantLifecycle lifecycle, PlacementCatalog catalog,
            PlacementPools pools, AuditLog audit, ObjectMapper json) {
        this.jobs = jobs;
        this.directory = directory;
        this.lifecycle = lifecycle;
        this.catalog = catalog;
        this.pools = pools;
        this.audit = audit;
        this.json = json;
    }

    /**
     * @throws ProblemException 404 unknown tenant, 400 unknown placement, 409 when the tenant is not active (another
     *         move runs), is in that placement already, or the placement is not served now
     */
    public MoveJobResponse start(String id, MoveRequest request) {
        TenantView view = directory.named(id);
        TenantId tenant = new TenantId(view.id());
        String target = request.database().strip();
        return audit.operatorAction("admin/v1/tenants/" + tenant.value() + "/placement", "move", tenant,
                "platform-operator; database " + target + (request.search() == null ? "" : ", search " + request.search()), () -> {
                    if (catalog.find(target).isEmpty()) {
                        throw new ProblemException(ProblemType.VALIDATION_FAILED, "there is no database placement named " + target);
                    }
                    if (target.equals(view.dbPlacement())) {
                        throw new ProblemException(ProblemType.CONFLICT, "the tenant's rows are in " + target + " already");
                    }
                    pools.refusal(target).ifPresent(refusal -> {
                        throw new ProblemException(ProblemType.CONFLICT, "placement " + target + " is not served now: " + refusal);
                    });
                    lifecycle.move(tenant, EnumSet.of(TenantStatus.ACTIVE), TenantStatus.MIGRATING, "moving to database " + target, null);
                    ObjectNode params = json.createObjectNode().put("database", target);
                    if (request.search() != null) {
                        params.put("search", request.search());
                    }
                    return MoveJobResponse.of(jobs.start(TenantMoveJob.KIND, tenant, params), target);
                });
    }

    /** The tenant's move with this id: 400 for a malformed id, 404 for another tenant's job or another kind. */
    public MoveJobResponse find(String id, String rawJob) {
        TenantId tenant = new TenantId(directory.named(id).id());
        return jobs.find(tenant, Ids.parse(rawJob)).filter(job -> job.kind().equals(TenantMoveJob.KIND)).map(TenantMoves::response)
                .orElseThrow(() -> ProblemException.notFound("move"));
    }

    /** The tenant's latest moves, newest first. */
    public List<MoveJobResponse> latest(String id) {
        TenantId tenant = new TenantId(directory.named(id).id());
        return jobs.of(tenant, 200).stream().filter(job -> job.kind().equals(TenantMoveJob.KIND)).limit(20).map(TenantMoves::response).toList();
    }

    private static MoveJobResponse response(JobView job) {
        return MoveJobResponse.of(job, job.result() != null && job.result().has("to") ? job.result().get("to").asText() : null);
    }
}
