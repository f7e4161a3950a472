package dev.enclave.limits.admission;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.enclave.limits.TenantLimits;
import dev.enclave.platform.Problem;
import dev.enclave.platform.ProblemType;
import dev.enclave.stats.TenantStats;
import dev.enclave.tenancy.TenantId;

/**
 * Admits {@code /api/} requests against their tenant's rate and in-flight limits. Runs right after the tenancy
 * core bound the tenant from the token and the membership check (priority AUTHENTICATION + 20; TenantRequestFilter
 * is + 10, MembershipFilter + 15: only members spend the tenant's shared bucket) and before anything else reads
 * tenant data. Over a limit: 429 problem+json with
 * Retry-After; every answer carries {@code RateLimit-Policy: "default";q=<burst>;w=<seconds to refill>} and
 * {@code RateLimit: "default";r=<remaining>;t=<seconds until full>} (IETF draft "RateLimit header fields for HTTP").
 * A decision that leaves the tenant's bucket empty is remembered until its next token is due ({@link RefusalCache}),
 * so that the tenant's known tokens are refused before verification meanwhile ({@link RefusalReplay}). An admitted
 * request then waits for its turn to run ({@link RequestTurns}): a burst within the rate queues behind itself.
 * <p>
 * What the checks cost a request is metered in {@code enclave.limits.check} (a histogram, no tenant tag):
 * {@code step="admit"} (the tenant's limits and the limiter's decision) and {@code step="release"} (giving the
 * in-flight slot back to this instance's share: no round trip). bench/noisy-neighbour.sh reports it; admissions ask the
 * shared store about once per share window (InstanceShares), so most admit steps take no round trip either.
 */
public class RequestLimitsFilter {

    /** The current IETF draft's names (the older drafts' RateLimit-Limit/-Remaining/-Reset are gone). */
    static final String POLICY = "RateLimit-Policy";
    static final String STATE = "RateLimit";
    private static final String PROPERTY = RequestLimitsFilter.class.getName();
    private static final String HOLDINGS = PROPERTY + ".holdings";

    private final Provider<Optional<TenantId>> tenant;
    private final SecurityIdentity identity;
    private final TenantLimits limits;
    private final RequestLimiter limiter;
    private final RefusalCache refusals;
    private final RequestTurns turns;
    private final CurrentAdmission current;
    private final CurrentVertxRequest vertxRequest;
    private final TenantStats stats;
    private final Timer admitTime;
    private final Timer releaseTime;

    RequestLimitsFilter(Provider<Optional<TenantId>> tenant, SecurityIdentity identity, TenantLimits limits,
            RequestLimiter limiter, RefusalCache refusals, RequestTurns turns, CurrentAdmission current,
            CurrentVertxRequest vertxRequest, MeterRegistry metrics, TenantStats stats) {
        this.tenant = tenant;
        this.identity = identity;
        this.limits = limits;
        this.limiter = limiter;
        this.refusals = refusals;
        this.turns = turns;
        this.current = current;
        this.vertxRequest = vertxRequest;
        this.stats = stats;
        this.admitTime = checkTimer("admit", metrics);
        this.releaseTime = checkTimer("release", metrics);
    }

    private static Timer checkTimer(String step, MeterRegistry metrics) {
        return Timer.builder("enclave.limits.check").description("Time the request limit checks add to a request")
                .tag("step", step).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(1))
                .register(metrics);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 20)
    public Response admit(ContainerRequestContext request) {
        Optional<TenantId> bound = tenant.get(); // TenantRequestFilter binds every tenant request, or refuses it
        if (bound.isEmpty()) {
            return null; // not a tenant request
        }
        TenantId caller = bound.get();
        // What an admitted request holds (its in-flight slot, its turn) goes back before the answer is sent (response
        // filter) or, should that never run (the client went away, a failure past the filters), when the exchange
        // ends. The end handler is registered first: a connection closed before that is seen by closed() below.
        Holdings holdings = new Holdings();
        RoutingContext exchange = vertxRequest.getCurrent();
        exchange.addEndHandler(ended -> holdings.giveBack());
        request.setProperty(HOLDINGS, holdings);

        long start = System.nanoTime();
        exchange.addEndHandler(ended -> stats.request(caller, exchange.response().getStatusCode(), System.nanoTime() - start));
        Admission admission = limiter.admit(caller, limits.of(caller).values(), UUID.randomUUID().toString());
        admitTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        request.setProperty(PROPERTY, admission);
        if (identity.getPrincipal() instanceof JsonWebToken token) { // verified: TenantRequestFilter bound it
            refusals.learn(token.getRawToken(), token.getExpirationTime(), admission, start);
        }
        if (!admission.admitted()) {
            return refusal(admission);
        }
        RequestTurns.Turn turn;
        try {
            turn = turns.take(caller);
        } catch (RuntimeException busy) {
            release(admission);
            throw busy;
        }
        if (!holdings.hold(admission, turn) || exchange.response().closed()) {
            holdings.giveBack();
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build(); // nobody is listening any more
        }
        current.set(admission, turn);
        return null;
    }

    @ServerResponseFilter
    public void answered(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PROPERTY) instanceof Admission admission) {
            rateLimitHeaders(admission, response.getHeaders());
        }
        if (request.getProperty(HOLDINGS) instanceof Holdings holdings) {
            holdings.giveBack();
        }
    }

    /** An admitted request's in-flight slot and turn, given back exactly once, whoever comes first. */
    private final class Holdings {
        private Admission admission;
        private RequestTurns.Turn turn;
        private boolean givenBack;

        /** False when the exchange already ended: the caller gives them back at once. */
        synchronized boolean hold(Admission admission, RequestTurns.Turn turn) {
            this.admission = admission;
            this.turn = turn;
            return !givenBack;
        }

        void giveBack() {
            Admission slot;
            RequestTurns.Turn held;
            synchronized (this) {
                slot = admission;
                held = turn;
                admission = null;
                turn = null;
                givenBack = true;
            }
            if (held != null) {
                held.close();
            }
            if (slot != null) {
                release(slot);
            }
        }
    }

    private void release(Admission admission) {
        long start = System.nanoTime();
        limiter.release(admission);
        releaseTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private static Response refusal(Admission admission) {
        Response response = Response.fromResponse(Problem.of(ProblemType.RATE_LIMITED, admission.refusalDetail()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, admission.retryAfterSeconds()).build();
        rateLimitHeaders(admission, response.getHeaders());
        return response;
    }

    private static void rateLimitHeaders(Admission admission, MultivaluedMap<String, Object> headers) {
        headers.putSingle(POLICY, admission.policyHeader());
        headers.putSingle(STATE, admission.stateHeader());
    }
}
