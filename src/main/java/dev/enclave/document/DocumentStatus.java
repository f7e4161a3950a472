package dev.enclave.document;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public enum DocumentStatus {
    DRAFT,
    PUBLISHED,
    ARCHIVED;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static DocumentStatus fromJson(String value) {
        for (DocumentStatus status : values()) {
            if (status.json().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("status must be one of draft, published, archived");
    }
}
