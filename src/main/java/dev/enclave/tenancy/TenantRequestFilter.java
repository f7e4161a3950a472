package dev.enclave.tenancy;

import jakarta.ws.rs.container.ContainerRequestContext;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.opentelemetry.api.trace.Span;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;

/**
 * The HTTP edge of the tenancy core: every tenant request ({@link TenantApi}) is bound to the tenant named by its
 * verified access token, and to nothing else; no path, query or header can name a tenant. No valid token: 401.
 * A token without a tenant: 403. A suspended tenant: 403 tenant-suspended; one that is not registered or not
 * active otherwise: 403 tenant-unavailable. A tenant whose home region
 * is another: 421 naming it.
 * Runs on the resource method's worker thread (all tenant endpoints are blocking), so it may read the registry.
 */
public class TenantRequestFilter {

    private final SecurityIdentity identity;
    private final TenantClaim claim;
    private final TenantContext context;
    private final TenantRegistry registry;
    private final TenancyConfig config;

    TenantRequestFilter(SecurityIdentity identity, TenantClaim claim, TenantContext context, TenantRegistry registry,
            TenancyConfig config) {
        this.config = config;
        this.identity = identity;
        this.claim = claim;
        this.context = context;
        this.registry = registry;
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION + 10)
    public void bindTenant(ContainerRequestContext request) {
        if (!TenantApi.covers(request.getUriInfo().getPath())) {
            return;
        }
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException();
        }
        TenantId tenant = claim.read(token).orElseThrow(() -> new NoTenantException("token without tenant claim"));
        // Before the registry lookup, so that its spans (children of the server span) carry the tenant too.
        TenantSpans.tag(Span.current(), tenant);
        TenantRegistry.Registration registered = registry.registration(tenant)
                .orElseThrow(() -> new ProblemException(ProblemType.TENANT_UNAVAILABLE, "the tenant is not active"));
        if (registered.status() == TenantStatus.SUSPENDED) {
            // Tokens issued before the suspension included: the registry, not the token, decides (within its TTL).
            throw new ProblemException(ProblemType.TENANT_SUSPENDED, "the tenant is suspended; ask its operator");
        }
        if (!registered.status().served()) {
            throw new ProblemException(ProblemType.TENANT_UNAVAILABLE, "the tenant is not active");
        }
        if (!registered.homeRegion().equals(config.region())) {
            throw new WrongRegionException(registered.homeRegion());
        }
        context.set(tenant);
        MDC.put(TenantMdc.KEY, tenant.value());
    }
}
