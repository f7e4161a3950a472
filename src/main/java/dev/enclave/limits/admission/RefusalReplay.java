package dev.enclave.limits.admission;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import dev.enclave.platform.EdgeProblems;
import dev.enclave.platform.ProblemType;
import dev.enclave.stats.TenantStats;
import dev.enclave.tenancy.TenantApi;

/**
 * Answers an {@code /api/} request with a known token of a tenant whose bucket is empty with the limiter's 429,
 * until the tenant's next token is due ({@link RefusalCache}, which says why that is safe). A Vert.x route
 * filter ordered before Quarkus' authentication handler, on the event loop: a refused flood costs a hash and a map
 * lookup instead of a token verification, the tenancy filters and a Redis call. The answer is the one
 * {@link RequestLimitsFilter} gives (problem+json, Retry-After, RateLimit-Policy and RateLimit, X-Request-Id), and it is counted as
 * {@code enclave.limits.admissions{outcome="rate_limited",store="cached_refusal"}}.
 * <p>
 * Requests with a body go the normal path: answering before a body is read would leave it to the connection.
 */
@ApplicationScoped
class RefusalReplay {

    /** Before authentication (200 in Quarkus' security priorities; a higher priority runs earlier), after CORS (300). */
    static final int PRIORITY = SecurityHandlerPriorities.AUTHENTICATION + 50;
    private static final String BEARER = "Bearer ";

    private final RefusalCache cache;
    private final RequestLimiter limiter;
    private final EdgeProblems problems;
    private final TenantStats stats;

    RefusalReplay(RefusalCache cache, RequestLimiter limiter, EdgeProblems problems, TenantStats stats) {
        this.cache = cache;
        this.limiter = limiter;
        this.problems = problems;
        this.stats = stats;
    }

    void install(@Observes Filters filters) {
        if (cache.enabled()) {
            filters.register(this::replay, PRIORITY);
        }
    }

    private void replay(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String token = bearerToken(request);
        if (token == null || hasBody(request) || !TenantApi.covers(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        cache.find(token).ifPresentOrElse(refusal -> refuse(ctx, refusal), ctx::next);
    }

    private void refuse(RoutingContext ctx, Admission refusal) {
        limiter.count(refusal);
        stats.refusedEarly(refusal.tenant());
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(refusal.retryAfterSeconds()))
                .putHeader(RequestLimitsFilter.POLICY, refusal.policyHeader())
                .putHeader(RequestLimitsFilter.STATE, refusal.stateHeader());
        problems.send(ctx, ProblemType.RATE_LIMITED, refusal.refusalDetail());
    }

    private static String bearerToken(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.trim().equals("0"));
    }
}
