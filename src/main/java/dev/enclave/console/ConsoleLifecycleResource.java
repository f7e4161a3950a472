package dev.enclave.console;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.enclave.limits.LimitsAdminService;
import dev.enclave.limits.TenantLimitsResponse;
import dev.enclave.offboarding.CancelRequest;
import dev.enclave.offboarding.OffboardRequest;
import dev.enclave.offboarding.Offboarding;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.Roles;
import dev.enclave.portability.TenantExports;

/**
 * The tenant page's export and offboarding forms: {@code POST /admin/v1/tenants/{id}/exports}, {@code .../offboard}
 * and {@code .../offboard/cancel} through the same services (same checks, same audit). A class of its own beside
 * {@link ConsoleResource}, with the same conventions: CSRF token first, post/redirect/get, errors on the page.
 */
@Path("/console/lifecycle")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.TEXT_HTML)
public class ConsoleLifecycleResource {

    private final LimitsAdminService limits;
    private final TenantExports exports;
    private final Offboarding offboarding;
    private final TenantPage page;
    private final ConsoleCsrf csrf;
    private final SecurityIdentity identity;

    ConsoleLifecycleResource(LimitsAdminService limits, TenantExports exports, Offboarding offboarding, TenantPage page,
            ConsoleCsrf csrf, SecurityIdentity identity) {
        this.limits = limits;
        this.exports = exports;
        this.offboarding = offboarding;
        this.page = page;
        this.csrf = csrf;
        this.identity = identity;
    }

    @POST
    @Path("export")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response export(@RestForm(ConsoleCsrf.FIELD) String token, @RestForm String id) {
        csrf.require(identity, token);
        TenantLimitsResponse current = limits.get(id);
        try {
            exports.start(current.tenant());
            return done(current, "exporting");
        } catch (ProblemException e) {
            return failed(current, e, page.lifecycle(current).withExportError(e.problem().detail()));
        }
    }

    @POST
    @Path("offboard")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response offboard(@RestForm(ConsoleCsrf.FIELD) String token, @RestForm String id, @RestForm String action,
            @RestForm String reason, @RestForm String grace) {
        csrf.require(identity, token);
        TenantLimitsResponse current = limits.get(id);
        try {
            if ("cancel".equals(action)) {
                offboarding.cancel(current.tenant(), new CancelRequest(blankToNull(reason)));
                return done(current, "cancelled");
            }
            // An empty grace is the configured default, as an absent "grace" is in the API.
            offboarding.offboard(current.tenant(), new OffboardRequest(reason, blankToNull(grace)));
            return done(current, "offboarding");
        } catch (ProblemException e) {
            return failed(current, e, page.lifecycle(current).withOffboardError(e.problem().detail()));
        }
    }

    private static Response done(TenantLimitsResponse current, String what) {
        // Post/redirect/get: a reload does not send the form again.
        return Response.seeOther(URI.create("/console/tenant?id=" + ConsoleResource.enc(current.tenant()) + "&lifecycle=" + what)).build();
    }

    private Response failed(TenantLimitsResponse current, ProblemException e, LifecycleSection section) {
        return Response.status(e.problem().status()).type(MediaType.TEXT_HTML).entity(page.render(current, LimitsForm.of(current),
                new ConsoleResource.Notices(null, null, null, null), section)).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    // The same pages as ConsoleResource's for what goes wrong (exception mappers there apply to that class only).

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ConsoleResource.html(403, "Not allowed", "The console is for platform operators only.");
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return ConsoleResource.html(e.problem().status(), e.problem().title(), e.problem().detail());
    }

    @ServerExceptionMapper
    public Response refused(ConsoleCsrf.FormRefused e) {
        return ConsoleResource.html(403, "Form refused",
                "The form did not come from this session's console pages; reload the page and try again.");
    }
}
