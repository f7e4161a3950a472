package dev.enclave.settings;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.document.DocumentStatus;

/**
 * A tenant's own configuration (tenant configuration is tenant-specific). PUT replaces it whole;
 * every field is validated, unknown fields are refused.
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record TenantSettings(
        @NotNull @Size(min = 1, max = 200) @Pattern(regexp = "[^\\p{Cntrl}]+", message = "must not contain control characters") String displayName,
        @NotNull @Pattern(regexp = "[a-z]{2,3}(-[A-Z]{2})?", message = "must be a language tag such as en or en-GB") String locale,
        @NotNull @ValidTimeZone String timeZone,
        @NotNull DocumentStatus defaultDocumentStatus,
        @NotNull @Size(max = 20) List<@NotNull @Pattern(regexp = "([a-z0-9-]{1,63}\\.)+[a-z]{2,63}", message = "must be a domain name such as example.com") String> allowedEmailDomains,
        @Min(1) @Max(3650) int auditRetentionDays) {

    static TenantSettings defaults(String tenantName) {
        return new TenantSettings(tenantName, "en", "UTC", DocumentStatus.DRAFT, List.of(), 365);
    }
}
