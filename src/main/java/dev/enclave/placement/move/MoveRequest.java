package dev.enclave.placement.move;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /admin/v1/tenants/{id}/placement}: the database placement to move the tenant's rows to, and
 * optionally the search placement its documents move to in the same job.
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record MoveRequest(
        @NotBlank String database,
        @Pattern(regexp = "shared|dedicated", message = "must be shared or dedicated") String search) {
}
