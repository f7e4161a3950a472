package dev.enclave.offboarding;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /admin/v1/tenants/{id}/offboard/cancel}: why (optional). */
@RegisterForReflection // read or written by Jackson by reflection, also in the native image
public record CancelRequest(String reason) {
}
