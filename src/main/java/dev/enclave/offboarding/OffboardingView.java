package dev.enclave.offboarding;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A tenant's lifecycle state after an offboarding or its cancellation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // read or written by Jackson by reflection, also in the native image
public record OffboardingView(String tenant, String status, String reason,
        @JsonProperty("purge_after") OffsetDateTime purgeAfter) {
}
