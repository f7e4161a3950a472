package dev.enclave.events;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code data} of SettingsChanged: the tenant's settings as they are now. */
@RegisterForReflection // serialised and read by Jackson by reflection, also in the native image
public record SettingsSnapshot(String displayName, String locale, String timeZone, String defaultDocumentStatus,
        List<String> allowedEmailDomains, int auditRetentionDays) {
}
