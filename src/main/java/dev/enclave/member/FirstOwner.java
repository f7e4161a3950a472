package dev.enclave.member;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.enclave.platform.Timestamps;

/**
 * The first owner of a tenant being provisioned (dev.enclave.tenant.provision), bound to their identity-provider
 * subject at once (there is no one yet who could invite them). Runs in the tenant's own scope
 * ({@code TenantScope.runAs}), so RLS applies as for any member change. Idempotent: a provisioning job that resumes
 * calls it again.
 */
@ApplicationScoped
public class FirstOwner {

    private final MemberRepository members;
    private final MemberEvents events;

    FirstOwner(MemberRepository members, MemberEvents events) {
        this.members = members;
        this.events = events;
    }

    /** Adds the owner unless the subject or the email is a member already; answers the member's id. */
    @Transactional
    public UUID ensure(String subject, String email, String displayName) {
        var existing = members.bySubject(subject).or(() -> members.byEmail(email));
        if (existing.isPresent()) {
            return existing.get().id;
        }
        MemberEntity member = new MemberEntity();
        member.id = UUID.randomUUID();
        member.subject = subject;
        member.email = email;
        member.displayName = displayName;
        member.role(MemberRole.OWNER);
        member.createdAt = Timestamps.now();
        member.updatedAt = member.createdAt;
        members.persistAndFlush(member);
        events.created(member);
        return member.id;
    }
}
