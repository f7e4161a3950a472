package dev.enclave.limits.admission;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.enclave.limits.LimitsConfig;
import dev.enclave.limits.TenantLimits;
import dev.enclave.platform.Problem;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantContext;
import dev.enclave.tenancy.TenantId;

/**
 * Admits {@code /api/} requests against their tenant's rate and in-flight limits. Runs right after the tenancy
 * core bound the tenant from the token (priority AUTHENTICATION + 20, TenantRequestFilter is + 10) and before
 * anything reads tenant data, so a refused request costs no database work. Over a limit: 429 problem+json with
 * Retry-After; every answer to an admitted request carries RateLimit-Limit/-Remaining/-Reset (seconds).
 */
public class RequestLimitsFilter {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";
    private static final String PROPERTY = RequestLimitsFilter.class.getName();
    private static final String RELEASED = PROPERTY + ".released";
    private static final String TENANT_API = "/api/";

    private final TenantContext tenant;
    private final TenantLimits limits;
    private final RequestLimiter limiter;
    private final CurrentAdmission current;
    private final CurrentVertxRequest vertxRequest;
    private final boolean enforce;

    RequestLimitsFilter(TenantContext tenant, TenantLimits limits, RequestLimiter limiter, CurrentAdmission current,
            CurrentVertxRequest vertxRequest, LimitsConfig config) {
        this.tenant = tenant;
        this.limits = limits;
        this.limiter = limiter;
        this.current = current;
        this.vertxRequest = vertxRequest;
        this.enforce = config.enforceRequests();
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 20)
    public Response admit(ContainerRequestContext request) {
        if (!enforce || !request.getUriInfo().getPath().startsWith(TENANT_API)) {
            return null;
        }
        TenantId caller = tenant.get(); // bound by TenantRequestFilter, which refuses every /api/ request it cannot bind
        Admission admission = limiter.admit(caller, limits.of(caller).values(), UUID.randomUUID().toString());
        request.setProperty(PROPERTY, admission);
        current.set(admission);
        if (!admission.admitted()) {
            return refusal(admission);
        }
        // The in-flight slot goes back before the answer is sent (response filter); should that never run (the
        // client went away, a failure past the filters), when the response ends.
        AtomicBoolean released = new AtomicBoolean();
        request.setProperty(RELEASED, released);
        vertxRequest.getCurrent().addEndHandler(ended -> {
            if (released.compareAndSet(false, true)) {
                limiter.release(admission);
            }
        });
        return null;
    }

    @ServerResponseFilter
    public void answered(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PROPERTY) instanceof Admission admission) {
            rateLimitHeaders(admission, response.getHeaders());
            if (request.getProperty(RELEASED) instanceof AtomicBoolean released && released.compareAndSet(false, true)) {
                limiter.release(admission);
            }
        }
    }

    private static Response refusal(Admission admission) {
        String detail = admission.outcome() == Admission.Outcome.RATE_LIMITED
                ? "the tenant's request rate limit is reached; retry after " + admission.retryAfterSeconds() + " s"
                : "the tenant already has " + admission.maxInFlight() + " requests in progress; retry shortly";
        Response response = Response.fromResponse(Problem.of(ProblemType.RATE_LIMITED, detail).toResponse())
                .header(HttpHeaders.RETRY_AFTER, admission.retryAfterSeconds()).build();
        rateLimitHeaders(admission, response.getHeaders());
        return response;
    }

    private static void rateLimitHeaders(Admission admission, MultivaluedMap<String, Object> headers) {
        headers.putSingle(LIMIT, admission.limit());
        headers.putSingle(REMAINING, admission.remaining());
        headers.putSingle(RESET, admission.resetSeconds());
    }
}
