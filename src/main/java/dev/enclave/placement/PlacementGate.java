package dev.enclave.placement;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.enclave.tenancy.TenantContext;
import dev.enclave.tenancy.TenantId;

/**
 * A tenant request whose placement is not served now (failed migration, refused by the guard, schema behind this
 * build, unreachable) is answered 503 problem+json with Retry-After naming the placement's state before any work
 * starts: never data, never a 500. Runs right after the tenancy core bound the tenant.
 */
public class PlacementGate {

    private final TenantContext context;
    private final PlacementDirectory directory;
    private final PlacementPools pools;

    PlacementGate(TenantContext context, PlacementDirectory directory, PlacementPools pools) {
        this.context = context;
        this.directory = directory;
        this.pools = pools;
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION + 11)
    public void check(ContainerRequestContext request) {
        Optional<TenantId> tenant = context.current();
        if (tenant.isPresent()) {
            pools.app(directory.databaseOf(tenant.get())); // throws PlacementUnavailableException (503)
        }
    }
}
