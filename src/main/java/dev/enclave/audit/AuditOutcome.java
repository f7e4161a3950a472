package dev.enclave.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public enum AuditOutcome {
    DENIED,
    ALLOWED,
    FAILED;

    /** Lowercase, like every other enum of the API and like the {@code outcome} query parameter. */
    @JsonValue
    public String json() {
        return name().toLowerCase();
    }
}
