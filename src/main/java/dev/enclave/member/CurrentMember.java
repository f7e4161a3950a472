package dev.enclave.member;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Transactional;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.enclave.audit.AuditLog;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;

/**
 * The caller's membership in the token's tenant. Membership is invite-only: an owner or admin adds an email with
 * a role; the first time a person of that tenant signs in with that (verified) email, the row is bound to their
 * subject. A token of the tenant without a member row can read nothing and write nothing.
 */
@RequestScoped
public class CurrentMember {

    private final SecurityIdentity identity;
    private final MemberRepository members;
    private final AuditLog audit;
    private Membership resolved;

    CurrentMember(SecurityIdentity identity, MemberRepository members, AuditLog audit) {
        this.identity = identity;
        this.members = members;
        this.audit = audit;
    }

    /** Who the caller is in this tenant. */
    public record Membership(java.util.UUID memberId, String subject, MemberRole role) {
    }

    @Transactional
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
        Optional<MemberEntity> member = members.bySubject(subject);
        if (member.isEmpty() && verifiedEmail(token).isPresent()
                && members.bindInvitation(verifiedEmail(token).get(), subject) == 1) {
            member = members.bySubject(subject);
        }
        return member.map(m -> new Membership(m.id, subject, m.role()));
    }

    private static Optional<String> verifiedEmail(JsonWebToken token) {
        Object verified = token.getClaim("email_verified");
        boolean ok = Boolean.TRUE.equals(verified) || (verified != null && "true".equals(verified.toString()));
        String email = token.getClaim("email");
        return ok && email != null ? Optional.of(email) : Optional.empty();
    }
}
