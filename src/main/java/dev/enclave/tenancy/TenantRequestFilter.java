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
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.TenantStatus;
import dev.enclave.tenant.TenantView;

/**
 * The HTTP edge of the tenancy core: every request under {@code /api/} is bound to the tenant named by its
 * verified access token, and to nothing else; no path, query or header can name a tenant. No valid token: 401.
 * A token without a tenant: 403. A tenant that is not registered or not active: 403. A tenant whose home region
 * is another: 421 naming it.
 * Runs on the resource method's worker thread (all tenant endpoints are blocking), so it may read the registry.
 */
public class TenantRequestFilter {

    static final String TENANT_API = "/api/";

    private final SecurityIdentity identity;
    private final TenantClaim claim;
    private final TenantContext context;
    private final TenantDirectory directory;
    private final TenancyConfig config;

    TenantRequestFilter(SecurityIdentity identity, TenantClaim claim, TenantContext context, TenantDirectory directory,
            TenancyConfig config) {
        this.config = config;
        this.identity = identity;
        this.claim = claim;
        this.context = context;
        this.directory = directory;
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION + 10)
    public void bindTenant(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(TENANT_API)) {
            return;
        }
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException();
        }
        TenantId tenant = claim.read(token).orElseThrow(() -> new NoTenantException("token without tenant claim"));
        // Before the registry lookup, so that its spans (children of the server span) carry the tenant too.
        TenantSpans.tag(Span.current(), tenant);
        TenantView registered = directory.find(tenant)
                .filter(t -> t.status() == TenantStatus.ACTIVE)
                .orElseThrow(() -> new ProblemException(ProblemType.TENANT_UNAVAILABLE, "the tenant is not active"));
        if (!registered.homeRegion().equals(config.region())) {
            throw new WrongRegionException(registered.homeRegion());
        }
        context.set(tenant);
        MDC.put(TenantMdc.KEY, tenant.value());
    }
}
