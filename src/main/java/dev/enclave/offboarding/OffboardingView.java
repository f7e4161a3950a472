package dev.enclave.offboarding;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A tenant's lifecycle state after an offboarding or its cancellation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OffboardingView(String tenant, String status, String reason,
        @JsonProperty("purge_after") OffsetDateTime purgeAfter) {
}
