package dev.enclave.tenant.admin;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.platform.Cursor;
import dev.enclave.platform.PageLimit;
import dev.enclave.platform.PageResponse;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantStatus;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.admin.TenantResponses.TenantDetail;
import dev.enclave.tenant.admin.TenantResponses.TenantSummary;

/** What operators see of the registry: pages of tenants (by id, filtered) and one tenant with its figures. */
@ApplicationScoped
class TenantCatalog {

    private final TenantDirectory directory;
    private final TenantFigures figures;
    private final TenantProvisioning provisioning;

    TenantCatalog(TenantDirectory directory, TenantFigures figures, TenantProvisioning provisioning) {
        this.directory = directory;
        this.figures = figures;
        this.provisioning = provisioning;
    }

    /** @throws ProblemException 400 for a malformed cursor or limit, an unknown status, plan or region */
    PageResponse<TenantSummary> page(String cursor, String limitRaw, String status, String plan, String region) {
        int limit = PageLimit.parse(limitRaw);
        String after = cursor == null || cursor.isBlank() ? null : Cursor.decodeKey(cursor);
        if (status != null && Arrays.stream(TenantStatus.values()).map(s -> s.name().toLowerCase()).noneMatch(status::equals)) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "status must be one of "
                    + String.join(", ", Arrays.stream(TenantStatus.values()).map(s -> s.name().toLowerCase()).toList()));
        }
        if (plan != null) {
            provisioning.requirePlan(plan);
        }
        if (region != null) {
            provisioning.requireRegion(region);
        }
        List<TenantSummary> rows = directory.page(after, status, plan, region, limit + 1).stream().map(TenantSummary::of).toList();
        return PageResponse.of(rows, limit, t -> Cursor.encodeKey(t.id()));
    }

    /** @throws ProblemException 404 for a tenant that is not registered (or a malformed id) */
    TenantDetail get(String id) {
        return TenantId.parse(id).flatMap(directory::record).map(figures::of)
                .orElseThrow(() -> ProblemException.notFound("tenant"));
    }
}
