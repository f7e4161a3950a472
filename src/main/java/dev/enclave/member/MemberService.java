package dev.enclave.member;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.transaction.Transactional;

import dev.enclave.audit.AccessDenials;
import dev.enclave.events.Aggregate;
import dev.enclave.member.MemberRequests.CreateMemberRequest;
import dev.enclave.member.MemberRequests.UpdateMemberRequest;
import dev.enclave.placement.move.FollowsMove;
import dev.enclave.platform.Cursor;
import dev.enclave.platform.PageResponse;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.Timestamps;
import dev.enclave.tenancy.TenantId;

/**
 * Members of the caller's tenant. Owners and admins manage them; only owners grant or take away ownership;
 * a tenant always keeps at least one owner.
 */
@ApplicationScoped
@Transactional
@FollowsMove
public class MemberService {

    static final String KIND = Aggregate.MEMBER.wireName();

    private final MemberRepository members;
    private final CurrentMember caller;
    private final AccessDenials denials;
    private final MemberEvents events;
    private final AllowedEmailDomains settings;
    private final Memberships memberships;
    private final Provider<TenantId> tenant;

    MemberService(MemberRepository members, CurrentMember caller, AccessDenials denials, MemberEvents events,
            AllowedEmailDomains settings, Memberships memberships, Provider<TenantId> tenant) {
        this.members = members;
        this.caller = caller;
        this.denials = denials;
        this.events = events;
        this.settings = settings;
        this.memberships = memberships;
        this.tenant = tenant;
    }

    PageResponse<MemberResponse> list(Cursor.Position after, int limit) {
        var rows = members.page(after, limit + 1).stream().map(MemberResponse::of).toList();
        return PageResponse.of(rows, limit, m -> Cursor.encode(new Cursor.Position(m.createdAt().toInstant(), m.id())));
    }

    MemberResponse get(UUID id) {
        return MemberResponse.of(load(id, "read"));
    }

    MemberResponse create(CreateMemberRequest request) {
        CurrentMember.Membership me = caller.require(MemberRole::managesTenant, "manage members");
        requireMayGrant(me, request.role());
        String email = request.email().strip();
        requireAllowedDomain(email);
        if (members.byEmail(email).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "a member with this email already exists");
        }
        MemberEntity member = new MemberEntity();
        member.id = UUID.randomUUID();
        member.email = email;
        member.displayName = request.displayName() == null ? "" : request.displayName().strip();
        member.role(request.role());
        member.createdAt = Timestamps.now();
        member.updatedAt = member.createdAt;
        members.persistAndFlush(member);
        events.created(member);
        return MemberResponse.of(member);
    }

    MemberResponse update(UUID id, UpdateMemberRequest request) {
        CurrentMember.Membership me = caller.require(MemberRole::managesTenant, "manage members");
        MemberEntity member = load(id, "update");
        if (request.role() != null && request.role() != member.role()) {
            requireMayGrant(me, member.role());
            requireMayGrant(me, request.role());
            if (member.role() == MemberRole.OWNER) {
                requireAnotherOwner();
            }
            member.role(request.role());
            memberships.forgetAfterCommit(tenant.get()); // the old role is not served from the cache past the commit
        }
        if (request.displayName() != null) {
            member.displayName = request.displayName().strip();
        }
        member.updatedAt = Timestamps.now();
        members.flush();
        events.updated(member);
        return MemberResponse.of(member);
    }

    void delete(UUID id) {
        CurrentMember.Membership me = caller.require(MemberRole::managesTenant, "manage members");
        MemberEntity member = load(id, "delete");
        requireMayGrant(me, member.role());
        if (member.role() == MemberRole.OWNER) {
            requireAnotherOwner();
        }
        members.delete(member);
        memberships.forgetAfterCommit(tenant.get());
        events.deleted(member);
    }

    /** The tenant's {@code allowedEmailDomains} (settings), when it has any: exact domains, case-insensitive. */
    private void requireAllowedDomain(String email) {
        List<String> allowed = settings.allowedEmailDomains();
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (!allowed.isEmpty() && !allowed.contains(domain)) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "email: the domain '" + domain
                    + "' is not among the tenant's allowed email domains (" + String.join(", ", allowed) + ")");
        }
    }

    private MemberEntity load(UUID id, String action) {
        return members.findByIdOptional(id).orElseThrow(() -> denials.notFound(KIND, id, action));
    }

    /** Ownership is given and taken only by owners. */
    private static void requireMayGrant(CurrentMember.Membership me, MemberRole role) {
        if (role == MemberRole.OWNER && me.role() != MemberRole.OWNER) {
            throw new ProblemException(ProblemType.FORBIDDEN, "only an owner can grant or remove ownership");
        }
    }

    private void requireAnotherOwner() {
        if (members.lockOwners() <= 1) {
            throw new ProblemException(ProblemType.CONFLICT, "the last owner of a tenant cannot be removed or demoted");
        }
    }

}
