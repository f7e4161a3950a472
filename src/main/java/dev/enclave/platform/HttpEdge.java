package dev.enclave.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Problem+json for what the HTTP layer refuses before JAX-RS sees a request: a declared body over
 * {@link BodyLimit#MAX_BYTES} (413, answered before a byte of it is read) and requests the router refuses with a
 * client-error status (a missing Host header, an undecodable query). Without this they are bare status lines.
 * Not covered: a URI that is not a valid URI at all (e.g. {@code %ZZ}) is refused even earlier, by Quarkus' own
 * request handler, with an empty 400; and request lines over 4 KiB get Vert.x's empty 414.
 */
@ApplicationScoped
class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    /** Before Quarkus' own body-size check (order -2), which answers with an empty 413. */
    static final int ORDER = -3;

    private final EdgeProblems problems;

    HttpEdge(EdgeProblems problems) {
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::refuseDeclaredOversizeBody);
        router.route().order(ORDER).failureHandler(this::problemForBareFailure);
    }

    private void refuseDeclaredOversizeBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredTooLarge(length)) {
            // The body is not read: close the connection once the answer is out, rather than drain the body or
            // wait for a client that asked "Expect: 100-continue" and will never send it.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.response().endHandler(sent -> ctx.request().connection().close());
            respond(ctx, ProblemType.PAYLOAD_TOO_LARGE, BodyLimit.TOO_LARGE);
            return;
        }
        ctx.next();
    }

    /**
     * Client errors the router raises with a status (undecodable path or query, missing Host header). Failures
     * without a status (security, unexpected exceptions) stay with Quarkus' own handlers.
     */
    private void problemForBareFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.response().ended() || status < 400 || status >= 500) {
            ctx.next();
            return;
        }
        ProblemType type = ProblemType.forStatus(status);
        respond(ctx, type, status == 400 ? "the request is malformed: its URI or its Host header cannot be used" : type.title());
    }

    private static boolean declaredTooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > BodyLimit.MAX_BYTES;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed Content-Length itself
        }
    }

    private void respond(RoutingContext ctx, ProblemType type, String detail) {
        String requestId = problems.send(ctx, type, detail);
        LOG.debugf("refused at the HTTP edge: %d %s (request %s)", type.status(), detail, requestId);
    }
}
