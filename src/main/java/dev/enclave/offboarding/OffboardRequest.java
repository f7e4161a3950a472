package dev.enclave.offboarding;

/**
 * {@code POST /admin/v1/tenants/{id}/offboard}: why, and how long the data is kept before it is purged (an ISO-8601
 * duration such as {@code P30D} or {@code PT0S}; {@code enclave.offboarding.grace} when absent).
 */
public record OffboardRequest(String reason, String grace) {
}
