package dev.enclave.member;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A member's role inside their tenant. */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public enum MemberRole {
    OWNER,
    ADMIN,
    MEMBER,
    VIEWER;

    /** Owners and admins manage members and settings. */
    public boolean managesTenant() {
        return this == OWNER || this == ADMIN;
    }

    /** Everyone but viewers writes projects and documents. */
    public boolean writes() {
        return this != VIEWER;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static MemberRole fromJson(String value) {
        for (MemberRole role : values()) {
            if (role.json().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be one of owner, admin, member, viewer");
    }
}
