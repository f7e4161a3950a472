package dev.enclave.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.enclave.audit.AuditReader;
import dev.enclave.limits.LimitsAdminService;
import dev.enclave.limits.TenantLimitsResponse;
import dev.enclave.tenancy.TenantId;

/** Renders the tenant page, for the resources whose forms are on it (a form's error is shown on the page itself). */
@ApplicationScoped
class TenantPage {

    private final TenantTable table;
    private final LimitsAdminService limits;
    private final AuditReader audit;
    private final TenantLifecycleReader lifecycle;
    private final ConsoleCsrf csrf;
    private final SecurityIdentity identity;
    private final ConsoleConfig config;

    TenantPage(TenantTable table, LimitsAdminService limits, AuditReader audit, TenantLifecycleReader lifecycle, ConsoleCsrf csrf,
            SecurityIdentity identity, ConsoleConfig config) {
        this.table = table;
        this.limits = limits;
        this.audit = audit;
        this.lifecycle = lifecycle;
        this.csrf = csrf;
        this.identity = identity;
        this.config = config;
    }

    /** The exports and receipt of the tenant, for the page (and for its notices to be added to). */
    LifecycleSection lifecycle(TenantLimitsResponse current) {
        return lifecycle.read(current.tenant());
    }

    TemplateInstance render(TenantLimitsResponse current, LimitsForm form, ConsoleResource.Notices notices) {
        return render(current, form, notices, lifecycle(current));
    }

    TemplateInstance render(TenantLimitsResponse current, LimitsForm form, ConsoleResource.Notices notices, LifecycleSection section) {
        TenantRow row = table.row(current.tenant());
        String traces = config.traceUi() + "?serviceName=enclave&annotationQuery="
                + URLEncoder.encode("tenant.id=" + current.tenant(), StandardCharsets.UTF_8);
        return ConsoleResource.Templates.tenant(row, current, limits.plans(), form, LimitsForm.FIELDS,
                audit.about(new TenantId(current.tenant()), config.auditEntries()), traces, notices, section, csrf.token(identity));
    }
}
