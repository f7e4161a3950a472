package dev.enclave.offboarding;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.audit.AuditLog;
import dev.enclave.identity.TenantAccounts;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantStatus;
import dev.enclave.tenant.TenantLifecycle;

/**
 * Offboards a tenant (its API refused at once, its data kept until {@code purge_after}, when {@link PurgeTrigger}
 * starts the purge) and cancels an offboarding during the grace period. Both audited with their outcome, bad input
 * included. The admin API ({@link OffboardResource}) and the operator console call the same methods.
 */
@ApplicationScoped
public class Offboarding {

    static final int MAX_REASON = 500;

    private final TenantLifecycle lifecycle;
    private final TenantAccounts accounts;
    private final AuditLog audit;
    private final OffboardingConfig config;

    Offboarding(TenantLifecycle lifecycle, TenantAccounts accounts, AuditLog audit, OffboardingConfig config) {
        this.lifecycle = lifecycle;
        this.accounts = accounts;
        this.audit = audit;
        this.config = config;
    }

    public OffboardingView offboard(String id, OffboardRequest request) {
        TenantId tenant = tenant(id);
        String reason = request == null ? null : request.reason();
        String grace = request == null ? null : request.grace();
        return audit.operatorAction("tenants/" + tenant.value() + "/offboard", "offboard", tenant,
                "grace " + (grace == null ? "default" : abbreviate(grace, 40)) + "; " + abbreviate(String.valueOf(reason), MAX_REASON),
                () -> {
                    String why = reason(reason, true);
                    OffsetDateTime purgeAfter = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).plus(grace(grace));
                    lifecycle.move(tenant, EnumSet.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED), TenantStatus.OFFBOARDING, why,
                            purgeAfter);
                    return new OffboardingView(tenant.value(), "offboarding", why, purgeAfter);
                });
    }

    public OffboardingView cancel(String id, CancelRequest request) {
        TenantId tenant = tenant(id);
        String reason = request == null ? null : request.reason();
        return audit.operatorAction("tenants/" + tenant.value() + "/offboard", "cancel-offboard", tenant,
                abbreviate(String.valueOf(reason), MAX_REASON), () -> {
                    String why = reason(reason, false);
                    // Back to active, so its users log in again (a suspension before the offboarding disabled them).
                    // First: with Keycloak down this answers 503 and nothing has changed.
                    if (lifecycle.current(tenant).orElse(null) == TenantStatus.OFFBOARDING) {
                        accounts.setEnabled(tenant, true);
                    }
                    lifecycle.move(tenant, EnumSet.of(TenantStatus.OFFBOARDING), TenantStatus.ACTIVE,
                            why == null ? "offboarding cancelled" : why, null);
                    return new OffboardingView(tenant.value(), "active", why, null);
                });
    }

    private Duration grace(String raw) {
        if (raw == null) {
            return config.grace();
        }
        Duration grace;
        try {
            grace = Duration.parse(raw);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "grace must be an ISO-8601 duration such as P30D or PT0S");
        }
        if (grace.isNegative() || grace.compareTo(config.maxGrace()) > 0) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED,
                    "grace must be between PT0S and " + config.maxGrace());
        }
        return grace;
    }

    private static String reason(String raw, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw new ProblemException(ProblemType.VALIDATION_FAILED, "reason is required");
            }
            return null;
        }
        if (raw.length() > MAX_REASON) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "reason is longer than " + MAX_REASON + " characters");
        }
        return raw.strip();
    }

    /** An unknown tenant and a malformed id look the same: 404. */
    static TenantId tenant(String id) {
        return TenantId.parse(id).orElseThrow(() -> ProblemException.notFound("tenant"));
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
