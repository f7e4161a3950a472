package dev.enclave.member;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

import dev.enclave.platform.Cursor;

/** Members of the current tenant; the tenant predicate is added by Hibernate and enforced again by RLS. */
@ApplicationScoped
class MemberRepository implements PanacheRepositoryBase<MemberEntity, UUID> {

    Optional<MemberEntity> bySubject(String subject) {
        return find("subject", subject).firstResultOptional();
    }

    Optional<MemberEntity> byEmail(String email) {
        return find("lower(email) = lower(?1)", email).firstResultOptional();
    }

    /** Locks the owner rows, so two concurrent changes cannot both remove "the other" last owner. */
    long lockOwners() {
        return find("role", MemberRole.OWNER.json()).withLock(LockModeType.PESSIMISTIC_WRITE).list().size();
    }

    /** Oldest first, keyset-paginated on (createdAt, id). */
    List<MemberEntity> page(Cursor.Position after, int limit) {
        if (after == null) {
            return find("order by createdAt, id").page(0, limit).list();
        }
        return find("createdAt > :at or (createdAt = :at and id > :id) order by createdAt, id",
                Parameters.with("at", after.at().atOffset(ZoneOffset.UTC)).and("id", after.id()))
                .page(0, limit).list();
    }

    /** Binds an invited, not yet bound member to the subject that just signed in with its email. */
    int bindInvitation(String email, String subject) {
        return update("subject = ?1, updatedAt = current_timestamp where lower(email) = lower(?2) and subject is null",
                subject, email);
    }
}
