/**
 * Per-tenant limits (docs/architecture.md, "Request limits"): plans and overrides (global tables, {@code platform} persistence unit),
 * the operators' limits API and fair background work. Request rate and in-flight admission are in {@code admission},
 * the storage quota in {@code quota}, the AI token budget in {@code budget} (tenant-scoped counters); the usage
 * report is the {@code dev.enclave.usage} feature's.
 */
package dev.enclave.limits;
