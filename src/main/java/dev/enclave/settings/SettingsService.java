package dev.enclave.settings;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.member.CurrentMember;
import dev.enclave.member.MemberRole;
import dev.enclave.platform.ETags;
import dev.enclave.platform.Timestamps;
import dev.enclave.tenancy.TenantContext;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.TenantView;

@ApplicationScoped
@Transactional
public class SettingsService {

    /** What a reader gets: the settings and the version to send back in If-Match. */
    record Versioned(TenantSettings settings, long version) {
    }

    private final SettingsRepository repository;
    private final CurrentMember member;
    private final TenantContext tenant;
    private final TenantDirectory directory;
    private final ObjectMapper json;

    SettingsService(SettingsRepository repository, CurrentMember member, TenantContext tenant, TenantDirectory directory,
            ObjectMapper json) {
        this.repository = repository;
        this.member = member;
        this.tenant = tenant;
        this.directory = directory;
        this.json = json;
    }

    Versioned get() {
        return repository.current()
                .map(row -> new Versioned(read(row.settings), row.version))
                .orElseGet(() -> new Versioned(defaults(), 0));
    }

    Versioned put(TenantSettings settings, Long expectedVersion) {
        member.require(MemberRole::managesTenant, "change the tenant's settings");
        SettingsEntity row = repository.current().orElseGet(() -> {
            SettingsEntity fresh = new SettingsEntity();
            fresh.id = UUID.randomUUID();
            return fresh;
        });
        if (expectedVersion != null) {
            ETags.check(expectedVersion, row.version);
        }
        row.settings = write(settings);
        row.updatedAt = Timestamps.now();
        repository.persistAndFlush(row);
        return new Versioned(settings, row.version);
    }

    private TenantSettings defaults() {
        return TenantSettings.defaults(directory.find(tenant.get()).map(TenantView::name).orElse(tenant.get().value()));
    }

    private TenantSettings read(String stored) {
        try {
            return json.readValue(stored, TenantSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are unreadable", e);
        }
    }

    private String write(TenantSettings settings) {
        try {
            return json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings cannot be written", e);
        }
    }
}
