package dev.enclave.usage;

import jakarta.inject.Provider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.limits.BackgroundWork;
import dev.enclave.limits.LimitValues;
import dev.enclave.limits.TenantLimits;
import dev.enclave.limits.admission.CurrentAdmission;
import dev.enclave.limits.budget.AiTokenBudget;
import dev.enclave.limits.quota.StorageQuota;
import dev.enclave.tenancy.TenantId;

/** Any member sees their tenant's usage against its limits. */
@Path("/api/v1/usage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final Provider<TenantId> tenant;
    private final TenantLimits limits;
    private final CurrentAdmission admission;
    private final StorageQuota storage;
    private final AiTokenBudget ai;
    private final BackgroundWork background;

    UsageResource(Provider<TenantId> tenant, TenantLimits limits, CurrentAdmission admission, StorageQuota storage,
            AiTokenBudget ai, BackgroundWork background) {
        this.tenant = tenant;
        this.limits = limits;
        this.admission = admission;
        this.storage = storage;
        this.ai = ai;
        this.background = background;
    }

    @GET
    @Operation(summary = "The caller's tenant: usage against each limit (requests, in-flight, storage, AI tokens, background work)")
    public UsageResponse usage() {
        TenantLimits.Effective effective = limits.current();
        LimitValues values = effective.values();
        var admitted = admission.get();
        long[] stored = storage.usage();
        AiTokenBudget.Usage tokens = ai.usage();
        BackgroundWork.Load load = background.load(tenant.get());
        return new UsageResponse(effective.plan(),
                new UsageResponse.Requests(values.requestsPerSecond(), values.burst(),
                        admitted.map(a -> a.remaining()).orElse(null), admitted.map(a -> a.resetSeconds()).orElse(null)),
                new UsageResponse.InFlight(values.maxInFlight(), admitted.map(a -> a.inFlight()).orElse(null)),
                new UsageResponse.Storage(stored[1], stored[0]),
                new UsageResponse.AiTokens(tokens.period(), tokens.limit(), tokens.used(), tokens.reserved()),
                new UsageResponse.Background(values.backgroundConcurrency(), load.running(), load.queued()));
    }
}
