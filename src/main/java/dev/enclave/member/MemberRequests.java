package dev.enclave.member;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

final class MemberRequests {

    private MemberRequests() {
    }

    /** Invites a person by email; they become this member the first time they sign in with that email. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record CreateMemberRequest(
            @NotBlank @Email @Size(max = 320) String email,
            @Size(max = 200) String displayName,
            @NotNull MemberRole role) {
    }

    /** PATCH: only the fields present change. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record UpdateMemberRequest(
            @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String displayName,
            MemberRole role) {
    }
}
