package dev.enclave.member;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A member as other members see it; {@code joined} tells whether the invitation was taken up. */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record MemberResponse(UUID id, String email, String displayName, MemberRole role, boolean joined, long version,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static MemberResponse of(MemberEntity m) {
        return new MemberResponse(m.id, m.email, m.displayName, m.role(), m.subject != null, m.version, m.createdAt,
                m.updatedAt);
    }
}
