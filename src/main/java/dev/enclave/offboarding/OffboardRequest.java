package dev.enclave.offboarding;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /admin/v1/tenants/{id}/offboard}: why, and how long the data is kept before it is purged (an ISO-8601
 * duration such as {@code P30D} or {@code PT0S}; {@code enclave.offboarding.grace} when absent).
 */
@RegisterForReflection // read or written by Jackson by reflection, also in the native image
public record OffboardRequest(String reason, String grace) {
}
