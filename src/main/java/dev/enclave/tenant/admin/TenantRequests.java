package dev.enclave.tenant.admin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request bodies of the tenants admin API. Unknown fields are refused (400), like everywhere. */
public final class TenantRequests {

    /** The registry's id rule (dev.enclave.tenancy.TenantId, V1's check). */
    static final String TENANT_ID = "[a-z0-9][a-z0-9-]{1,62}";
    static final String TENANT_ID_RULE = "must be 2-63 lowercase letters, digits or dashes, not starting with a dash";
    /** A Keycloak username as this API accepts it: lower case (Keycloak folds it anyway), no spaces. */
    static final String USERNAME = "[a-z0-9][a-z0-9._-]{2,59}";

    private TenantRequests() {
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record ProvisionRequest(
            @NotNull @Pattern(regexp = TENANT_ID, message = TENANT_ID_RULE) String id,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 40) String plan,
            @NotBlank @Size(max = 40) String homeRegion,
            @NotNull @Pattern(regexp = "shared|dedicated", message = "must be shared or dedicated") String searchPlacement,
            @NotNull @Valid Owner owner) {
    }

    /** The tenant's first owner; their Keycloak account is created by the provisioning. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record Owner(
            @NotNull @Pattern(regexp = USERNAME, message = "must be 3-60 lowercase letters, digits, dots, dashes or underscores")
            String username,
            @NotNull @Email(regexp = ".+@.+\\..+") @Size(max = 254) String email) {
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    public record SuspendRequest(@NotBlank @Size(max = 500) String reason) {
    }
}
