package dev.enclave.offboarding;

/** {@code POST /admin/v1/tenants/{id}/offboard/cancel}: why (optional). */
public record CancelRequest(String reason) {
}
