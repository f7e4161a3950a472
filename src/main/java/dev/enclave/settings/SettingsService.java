package dev.enclave.settings;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.audit.AuditLog;
import dev.enclave.events.EventType;
import dev.enclave.events.SettingsSnapshot;
import dev.enclave.events.outbox.DomainEvents;
import dev.enclave.member.AllowedEmailDomains;
import dev.enclave.member.CurrentMember;
import dev.enclave.member.MemberRole;
import dev.enclave.placement.move.FollowsMove;
import dev.enclave.platform.ETags;
import dev.enclave.platform.Timestamps;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.TenantView;

@ApplicationScoped
@Transactional
@FollowsMove
public class SettingsService implements AllowedEmailDomains {

    /** What a reader gets: the settings and the version to send back in If-Match. */
    record Versioned(TenantSettings settings, long version) {
    }

    private final SettingsRepository repository;
    private final CurrentMember member;
    private final Provider<TenantId> tenant;
    private final TenantDirectory directory;
    private final ObjectMapper json;
    private final DomainEvents events;
    private final AuditLog audit;

    SettingsService(SettingsRepository repository, CurrentMember member, Provider<TenantId> tenant, TenantDirectory directory,
            ObjectMapper json, DomainEvents events, AuditLog audit) {
        this.repository = repository;
        this.member = member;
        this.tenant = tenant;
        this.directory = directory;
        this.json = json;
        this.events = events;
        this.audit = audit;
    }

    @Override
    public List<String> allowedEmailDomains() {
        return get().settings().allowedEmailDomains().stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    Versioned get() {
        return repository.current()
                .map(row -> new Versioned(read(row.settings), row.version))
                .orElseGet(() -> new Versioned(defaults(), 0));
    }

    /**
     * The provisioning of a new tenant (dev.enclave.tenant.provision), in its scope: its settings row with the
     * defaults, created when missing (idempotent). Not an event: nothing changed that anyone had seen.
     */
    public void ensureRow() {
        if (repository.current().isPresent()) {
            return;
        }
        SettingsEntity fresh = new SettingsEntity();
        fresh.id = UUID.randomUUID();
        fresh.settings = write(defaults());
        fresh.updatedAt = Timestamps.now();
        repository.persistAndFlush(fresh);
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
        TenantSettings before = row.settings == null ? defaults() : read(row.settings);
        row.settings = write(settings);
        row.updatedAt = Timestamps.now();
        repository.persistAndFlush(row);
        // Settings are policy (who may be invited, how long audit is kept): a change is an event and is audited.
        events.record(EventType.SETTINGS_CHANGED, row.id, row.version, new SettingsSnapshot(settings.displayName(), settings.locale(),
                settings.timeZone(), settings.defaultDocumentStatus().json(), settings.allowedEmailDomains(), settings.auditRetentionDays()));
        audit.changedAfterCommit("settings", "change-settings", "changed: " + changedFields(before, settings));
        return new Versioned(settings, row.version);
    }

    /** The names of the fields that differ, or "nothing" (a PUT of the same settings is still recorded). */
    private static String changedFields(TenantSettings before, TenantSettings after) {
        List<String> changed = new java.util.ArrayList<>();
        for (var component : TenantSettings.class.getRecordComponents()) {
            try {
                if (!java.util.Objects.equals(component.getAccessor().invoke(before), component.getAccessor().invoke(after))) {
                    changed.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changed.isEmpty() ? "nothing" : String.join(",", changed);
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
