package dev.enclave.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.enclave.audit.AuditReader;
import dev.enclave.audit.AuditRecord;
import dev.enclave.events.pipeline.EventPipelineStatus;
import dev.enclave.limits.LimitsAdminService;
import dev.enclave.limits.PlanResponse;
import dev.enclave.limits.TenantLimitsResponse;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.Roles;
import dev.enclave.search.SearchPlacementMoves;
import dev.enclave.tenant.admin.TenantSuspensions;

/**
 * The operator console's pages. Platform operators only: the login (Keycloak, OIDC tenant {@code console}) is
 * required for every path under /console by the HTTP permission in application.properties, and the role here;
 * anyone else signed in gets a 403 page. Changes go through the admin API's services (same checks, same audit).
 */
@Path("/console")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tenants(List<TenantRow> tenants, TenantSort.Order order, String notice);

        static native TemplateInstance tenant(TenantRow tenant, TenantLimitsResponse limits, List<PlanResponse> plans,
                LimitsForm form, List<LimitsForm.Field> fields, List<AuditRecord> audit, String traces, Notices notices,
                LifecycleSection lifecycle, String csrf);

        static native TemplateInstance events(EventPipelineStatus.Snapshot pipeline, List<AuditRecord> deadLetters);

        static native TemplateInstance problem(int status, String title, String detail);

        static native TemplateInstance signedOut();
    }

    /** What the tenant page says about the last form sent (each null when there is nothing to say). */
    public record Notices(String limitsSaved, String limitsError, String searchMoved, String searchError,
            String statusChanged, String statusError) {

        Notices(String limitsSaved, String limitsError, String searchMoved, String searchError) {
            this(limitsSaved, limitsError, searchMoved, searchError, null, null);
        }
    }

    private final TenantTable table;
    private final TenantPage tenantPage;
    private final LimitsAdminService limits;
    private final AuditReader audit;
    private final EventPipelineStatus pipeline;
    private final SearchPlacementMoves search;
    private final TenantSuspensions suspensions;
    private final ConsoleCsrf csrf;
    private final SecurityIdentity identity;
    private final ConsoleConfig config;

    ConsoleResource(TenantTable table, TenantPage tenantPage, LimitsAdminService limits, AuditReader audit, EventPipelineStatus pipeline,
            SearchPlacementMoves search, TenantSuspensions suspensions, ConsoleCsrf csrf, SecurityIdentity identity,
            ConsoleConfig config) {
        this.suspensions = suspensions;
        this.table = table;
        this.tenantPage = tenantPage;
        this.limits = limits;
        this.audit = audit;
        this.pipeline = pipeline;
        this.search = search;
        this.csrf = csrf;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Operation(hidden = true)
    public Response home() {
        return Response.seeOther(URI.create("/console/tenants")).build();
    }

    @GET
    @Path("tenants")
    @Operation(hidden = true)
    public TemplateInstance tenants(@QueryParam("sort") String sort) {
        var order = TenantSort.parse(sort);
        String notice = order.isEmpty() ? "There is no column '" + (sort.length() > 40 ? sort.substring(0, 40) + "..." : sort)
                + "' to sort by; sorted by id." : null;
        TenantSort.Order applied = order.orElse(TenantSort.Order.DEFAULT);
        return Templates.tenants(table.rows(applied), applied, notice);
    }

    @GET
    @Path("tenant")
    @Operation(hidden = true)
    public TemplateInstance tenant(@QueryParam("id") String id, @QueryParam("saved") String saved,
            @QueryParam("moved") String moved, @QueryParam("status") String status, @QueryParam("lifecycle") String done) {
        TenantLimitsResponse current = limits.get(id); // 404 page for a tenant that is not registered
        LifecycleSection section = tenantPage.lifecycle(current).after(done);
        return tenantPage.render(current, LimitsForm.of(current), new Notices(saved != null ? "Limits saved." : null, null,
                // only our own two words: the query string is the visitor's, not a way to put text on the page
                "shared".equals(moved) || "dedicated".equals(moved) ? "Search documents moved to the " + moved + " index." : null,
                null, "suspended".equals(status) ? "Tenant suspended." : "resumed".equals(status) ? "Tenant resumed." : null, null), section);
    }

    /** {@code POST /admin/v1/tenants/{id}/suspend} and {@code .../resume}, through the same service. */
    @POST
    @Path("tenant/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response changeStatus(@RestForm(ConsoleCsrf.FIELD) String token, @RestForm String id, @RestForm String action,
            @RestForm String reason) {
        csrf.require(identity, token);
        TenantLimitsResponse current = limits.get(id);
        try {
            if ("suspend".equals(action)) {
                if (reason == null || reason.isBlank() || reason.length() > 500) {
                    throw new ProblemException(ProblemType.VALIDATION_FAILED, "reason: a reason of 1 to 500 characters is required");
                }
                suspensions.suspend(current.tenant(), reason.strip());
            } else {
                suspensions.resume(current.tenant());
            }
            String done = "suspend".equals(action) ? "suspended" : "resumed";
            return Response.seeOther(URI.create("/console/tenant?id=" + enc(current.tenant()) + "&status=" + done)).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status()).type(MediaType.TEXT_HTML).entity(page(current, LimitsForm.of(current),
                    new Notices(null, null, null, null, null, e.problem().detail()))).build();
        }
    }

    @POST
    @Path("tenant/limits")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response changeLimits(@RestForm(ConsoleCsrf.FIELD) String token, @RestForm String id, @RestForm String plan,
            @RestForm String requestsPerSecond, @RestForm String burst, @RestForm String maxInFlight,
            @RestForm String storageBytes, @RestForm String aiTokensPerMonth, @RestForm String backgroundConcurrency) {
        csrf.require(identity, token);
        TenantLimitsResponse current = limits.get(id);
        LimitsForm stored = LimitsForm.of(current);
        Map<String, String> fields = new HashMap<>();
        put(fields, "requestsPerSecond", requestsPerSecond);
        put(fields, "burst", burst);
        put(fields, "maxInFlight", maxInFlight);
        put(fields, "storageBytes", storageBytes);
        put(fields, "aiTokensPerMonth", aiTokensPerMonth);
        put(fields, "backgroundConcurrency", backgroundConcurrency);
        LimitsForm submitted = LimitsForm.submitted(plan, fields, stored);
        ObjectNode patch = submitted.patchFrom(stored);
        if (patch.isEmpty()) {
            return Response.ok(page(current, stored, new Notices("Nothing changed.", null, null, null))).build();
        }
        try {
            limits.patch(current.tenant(), patch);
        } catch (ProblemException e) { // the admin API's validation: shown on the form, with what was entered
            return Response.status(e.problem().status()).type(MediaType.TEXT_HTML)
                    .entity(page(current, submitted, new Notices(null, e.problem().detail(), null, null))).build();
        }
        // Post/redirect/get: a reload does not send the change again.
        return Response.seeOther(URI.create("/console/tenant?saved=1&id=" + enc(current.tenant()))).build();
    }

    /** The online move of {@code PUT /admin/v1/tenants/{id}/search-placement}, through the same service. */
    @POST
    @Path("tenant/search-placement")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response moveSearch(@RestForm(ConsoleCsrf.FIELD) String token, @RestForm String id, @RestForm String placement) {
        csrf.require(identity, token);
        TenantLimitsResponse current = limits.get(id);
        try {
            SearchPlacementMoves.Moved moved = search.move(current.tenant(), placement);
            return Response.seeOther(URI.create("/console/tenant?id=" + enc(current.tenant()) + "&moved=" + enc(moved.placement()))).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status()).type(MediaType.TEXT_HTML)
                    .entity(page(current, LimitsForm.of(current), new Notices(null, null, null, e.problem().detail()))).build();
        }
    }

    @GET
    @Path("events")
    @Operation(hidden = true)
    public TemplateInstance events() {
        return Templates.events(pipeline.snapshot(), audit.deadLetters(config.deadLetters()));
    }

    /** Where Keycloak sends the browser after the console's logout ({@code /console/logout}). */
    @GET
    @Path("signed-out")
    @PermitAll
    @Operation(hidden = true)
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return html(403, "Not allowed", "The console is for platform operators only.");
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return html(e.problem().status(), e.problem().title(), e.problem().detail());
    }

    private TemplateInstance page(TenantLimitsResponse current, LimitsForm form, Notices notices) {
        return tenantPage.render(current, form, notices);
    }

    @ServerExceptionMapper
    public Response refused(ConsoleCsrf.FormRefused e) {
        return html(403, "Form refused", "The form did not come from this session's console pages; reload the page and try again.");
    }

    static Response html(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.problem(status, title, detail)).build();
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
