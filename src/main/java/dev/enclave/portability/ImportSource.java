package dev.enclave.portability;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.jobs.JobFailedException;
import dev.enclave.jobs.JobState;
import dev.enclave.jobs.JobView;
import dev.enclave.jobs.OperatorJobs;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.tenant.TenantDirectory;

/**
 * What an import reads from and writes into, checked: the export it copies (a finished export job of this
 * deployment, whose result holds the trusted manifest) and the target (active, without projects or documents).
 */
@ApplicationScoped
class ImportSource {

    /** A finished export: where its files are, its manifest and the manifest's SHA-256 as the export recorded them. */
    record Bundle(TenantId tenant, UUID export, String manifestSha256, Manifest manifest) {
    }

    private final OperatorJobs jobs;
    private final ImportWriter writer;
    private final TenantDirectory directory;
    private final SchemaVersion schema;
    private final TenantScope scope;
    private final ObjectMapper json;

    ImportSource(OperatorJobs jobs, ImportWriter writer, TenantDirectory directory, SchemaVersion schema, TenantScope scope,
            ObjectMapper json) {
        this.scope = scope;
        this.jobs = jobs;
        this.writer = writer;
        this.directory = directory;
        this.schema = schema;
        this.json = json;
    }

    /** The finished export job of the source tenant, if there is one. */
    Optional<JobView> export(TenantId tenant, UUID export) {
        return jobs.find(tenant, export).filter(job -> job.kind().equals(ExportJob.KIND));
    }

    /** The bundle named by an import job's parameters ({@code sourceTenant}, {@code export}). */
    Bundle bundle(JsonNode params) {
        TenantId tenant = new TenantId(params.path("sourceTenant").asText());
        UUID id = UUID.fromString(params.path("export").asText());
        JobView export = export(tenant, id).filter(job -> job.state() == JobState.SUCCEEDED)
                .orElseThrow(() -> new JobFailedException("export " + id + " of " + tenant + " is not a finished export"));
        Manifest manifest;
        try {
            manifest = json.treeToValue(export.result().path("manifest"), Manifest.class);
        } catch (JsonProcessingException e) {
            throw new JobFailedException("the export's manifest is unreadable: " + e.getOriginalMessage());
        }
        if (manifest.format() != Manifest.FORMAT) {
            throw new JobFailedException("the bundle has record format " + manifest.format() + "; this service reads " + Manifest.FORMAT);
        }
        if (!schema.notNewer(manifest.schemaVersion())) {
            throw new JobFailedException("the bundle is from schema version " + manifest.schemaVersion()
                    + ", newer than this database's " + schema.current());
        }
        return new Bundle(tenant, id, export.result().path("manifestSha256").asText(), manifest);
    }

    /** Why the tenant cannot receive an import, if it cannot: not active, or it already holds projects or documents. */
    Optional<String> refusal(TenantId target) {
        // In a request context of its own: a job's worker has none, and the registry is read through Hibernate.
        String status = scope.runAs(target, () -> directory.find(target).map(t -> t.status()).orElse("unregistered"));
        if (!status.equals("active")) {
            return Optional.of("the tenant is " + status + "; an import needs an active tenant");
        }
        if (hasData(target)) {
            return Optional.of("the tenant already holds projects or documents; an import needs an empty tenant");
        }
        return Optional.empty();
    }

    void requireEmptyAndActive(TenantId target) {
        refusal(target).ifPresent(reason -> {
            throw new JobFailedException(reason);
        });
    }

    private boolean hasData(TenantId target) {
        return writer.inTransaction(target, c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    select exists (select 1 from projects where tenant_id = ?) or exists (select 1 from documents where tenant_id = ?)""")) {
                select.setString(1, target.value());
                select.setString(2, target.value());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        });
    }

    /** The target's settings row id, once it has one. */
    Optional<UUID> settingsId(TenantId target) {
        return writer.inTransaction(target, c -> {
            try (PreparedStatement select = c.prepareStatement("select id from tenant_settings where tenant_id = ?")) {
                select.setString(1, target.value());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            }
        });
    }
}
