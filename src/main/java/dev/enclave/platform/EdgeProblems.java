package dev.enclave.platform;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem+json written straight to the Vert.x response, for answers given before JAX-RS sees a request (its
 * exception mappers are not there yet): the same document, Content-Type and X-Request-Id as theirs.
 */
@ApplicationScoped
public class EdgeProblems {

    private final ObjectMapper json;

    EdgeProblems(ObjectMapper json) {
        this.json = json;
    }

    /** Ends the exchange with this problem; headers the caller put on the response first go with it. Returns the request id. */
    public String send(RoutingContext ctx, ProblemType type, String detail) {
        String requestId = UUID.randomUUID().toString();
        Problem problem = new Problem(type.uri(), type.title(), type.status(), detail, null, requestId, null);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document cannot be written", e);
        }
        ctx.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(RequestIds.HEADER, requestId)
                .end(body);
        return requestId;
    }
}
