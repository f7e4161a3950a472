/**
 * Per-tenant limits (docs/architecture.md, "Request limits"): plans and overrides (global tables, {@code platform} persistence unit),
 * the storage quota and the AI token budget (tenant-scoped counters), fair background work and the usage
 * report. Request rate and in-flight admission are in {@code admission}.
 */
package dev.enclave.limits;
