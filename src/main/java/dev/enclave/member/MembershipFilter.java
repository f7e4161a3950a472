package dev.enclave.member;

import java.util.Optional;

import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.enclave.tenancy.TenantId;

/**
 * Tenant endpoints serve members only: after the tenancy core bound the request to the token's tenant, the caller
 * must be a member of it (the role checks then happen in each service). {@code /api/v1/me} is exempt so that a
 * signed-in person can see who the token says they are before being invited.
 */
public class MembershipFilter {

    static final String ME = "/api/v1/me";

    private final CurrentMember member;
    private final Provider<Optional<TenantId>> tenant;

    MembershipFilter(CurrentMember member, Provider<Optional<TenantId>> tenant) {
        this.member = member;
        this.tenant = tenant;
    }

    /**
     * After the tenancy core bound the tenant (AUTHENTICATION + 10), before the request limits spend the tenant's
     * shared bucket (+ 20): a removed member whose token still names the tenant is refused without spending it, so
     * they cannot make the current members get 429.
     */
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION + 15)
    public void requireMembership(ContainerRequestContext request) {
        // A tenant is bound exactly on tenant requests (TenantApi): the tenancy core refuses those it cannot bind.
        if (tenant.get().isPresent() && !request.getUriInfo().getPath().equals(ME)) {
            member.get();
        }
    }
}
