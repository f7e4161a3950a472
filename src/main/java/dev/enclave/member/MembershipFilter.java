package dev.enclave.member;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Tenant endpoints serve members only: after the tenancy core bound the request to the token's tenant, the caller
 * must be a member of it (the role checks then happen in each service). {@code /api/v1/me} is exempt so that a
 * signed-in person can see who the token says they are before being invited.
 */
public class MembershipFilter {

    static final String ME = "/api/v1/me";

    private final CurrentMember member;

    MembershipFilter(CurrentMember member) {
        this.member = member;
    }

    /**
     * After the tenancy core bound the tenant (AUTHENTICATION + 10), before the request limits spend the tenant's
     * shared bucket (+ 20): a removed member whose token still names the tenant is refused without spending it, so
     * they cannot make the current members get 429.
     */
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION + 15)
    public void requireMembership(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/api/") && !path.equals(ME)) {
            member.get();
        }
    }
}
