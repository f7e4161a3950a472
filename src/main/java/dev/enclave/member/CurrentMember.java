package dev.enclave.member;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Provider;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.enclave.audit.AuditLog;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;

/**
 * The caller's membership in the token's tenant. Membership is invite-only: an owner or admin adds an email with
 * a role; the first time a person of that tenant signs in with that (verified) email, the row is bound to their
 * subject. A token of the tenant without a member row can read nothing and write nothing.
 * The row is read once per {@link Memberships#TTL} per caller and tenant, not per request ({@link Memberships}).
 */
@RequestScoped
public class CurrentMember {

    private final SecurityIdentity identity;
    private final Provider<TenantId> tenant;
    private final Memberships memberships;
    private final AuditLog audit;
    private Membership resolved;

    CurrentMember(SecurityIdentity identity, Provider<TenantId> tenant, Memberships memberships, AuditLog audit) {
        this.identity = identity;
        this.tenant = tenant;
        this.memberships = memberships;
        this.audit = audit;
    }

    /** Who the caller is in this tenant. */
    public record Membership(java.util.UUID memberId, String subject, MemberRole role) {
    }

    public Membership get() {
        if (resolved == null) {
            resolved = resolve().orElseThrow(() -> {
                audit.deniedLater("tenant", "access", null, "not-a-member");
                return new ProblemException(ProblemType.FORBIDDEN, "you are not a member of this tenant");
            });
        }
        return resolved;
    }

    /** The caller's role, or 403 when it does not allow what they are doing. */
    public Membership require(java.util.function.Predicate<MemberRole> allowed, String what) {
        Membership membership = get();
        if (!allowed.test(membership.role())) {
            audit.deniedLater("tenant", what, null, "role-refused");
            throw new ProblemException(ProblemType.FORBIDDEN, "your role (" + membership.role().json() + ") cannot " + what);
        }
        return membership;
    }

    private Optional<Membership> resolve() {
        if (!(identity.getPrincipal() instanceof JsonWebToken token) || token.getSubject() == null) {
            return Optional.empty();
        }
        String subject = token.getSubject();
        TenantId current = tenant.get();
        Optional<Membership> cached = memberships.cached(current, subject);
        if (cached.isPresent()) {
            return cached;
        }
        long generation = memberships.generation(current);
        Optional<Membership> loaded = memberships.load(subject, verifiedEmail(token));
        loaded.ifPresent(m -> memberships.remember(current, m, generation));
        return loaded;
    }

    private static Optional<String> verifiedEmail(JsonWebToken token) {
        Object verified = token.getClaim("email_verified");
        boolean ok = Boolean.TRUE.equals(verified) || (verified != null && "true".equals(verified.toString()));
        String email = token.getClaim("email");
        return ok && email != null ? Optional.of(email) : Optional.empty();
    }
}
