package dev.enclave.search;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.audit.AuditLog;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;

/**
 * Moves a tenant's search documents to the shared index or to a dedicated one, online, audited as an operator's
 * cross-tenant action. {@code PUT /admin/v1/tenants/{id}/search-placement} and the operator console both use it.
 */
@ApplicationScoped
public class SearchPlacementMoves {

    /** What a move did: where the tenant's documents are now and how many were indexed there. */
    public record Moved(String tenant, String placement, long indexed, long tookMs) {
    }

    private final SearchRebuild rebuild;
    private final TenantDirectory directory;
    private final AuditLog audit;

    SearchPlacementMoves(SearchRebuild rebuild, TenantDirectory directory, AuditLog audit) {
        this.rebuild = rebuild;
        this.directory = directory;
        this.audit = audit;
    }

    /**
     * @param placement {@code shared} or {@code dedicated}
     * @throws ProblemException 404 for a tenant that is not registered, 400 for another placement, 503 when the
     *         search node cannot be reached
     */
    public Moved move(String tenantId, String placement) {
        try {
            SearchRebuild.TenantReport report = place(tenantId, placement);
            return new Moved(report.tenant(), report.placement(), report.indexed(), report.tookMs());
        } catch (SearchUnavailableException e) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "search is temporarily unavailable; try again shortly");
        }
    }

    /** The admin API's move, with the full report. */
    SearchRebuild.TenantReport place(String tenantId, String placement) {
        TenantId tenant = registered(tenantId);
        Placement target = switch (placement == null ? "" : placement) {
            case "shared" -> Placement.SHARED;
            case "dedicated" -> Placement.DEDICATED;
            default -> throw new ProblemException(ProblemType.MALFORMED_REQUEST, "placement must be shared or dedicated");
        };
        return audit.operatorAction("search/" + tenant.value(), "search-placement:" + target.dbValue(), tenant,
                SearchAdminResource.REASON, () -> rebuild.move(tenant, target));
    }

    private TenantId registered(String id) {
        return new TenantId(directory.named(id).id());
    }
}
