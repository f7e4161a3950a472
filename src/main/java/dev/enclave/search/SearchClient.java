package dev.enclave.search;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.apache.http.HttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The one wrapper around the low-level REST client. It sorts failures into two kinds: the node is unreachable
 * or overloaded ({@link SearchUnavailableException}: refused or reset connections, timeouts, 429 and 5xx) and the
 * node refused the request ({@link SearchRejectedException}, 4xx). Error bodies are never passed on: they can
 * echo request content.
 */
@ApplicationScoped
class SearchClient {

    static final ContentType NDJSON = ContentType.create("application/x-ndjson", "UTF-8");

    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final RestClient client;
    private final ObjectMapper json;
    private final Tracer tracer;

    SearchClient(RestClient client, ObjectMapper json, Tracer tracer) {
        this.client = client;
        this.json = json;
        this.tracer = tracer;
    }

    JsonNode send(String method, String endpoint, Map<String, String> params, JsonNode body) {
        return send(method, endpoint, params, body == null ? null : new NStringEntity(body.toString(), ContentType.APPLICATION_JSON));
    }

    JsonNode bulk(String endpoint, Map<String, String> params, String ndjson) {
        return send("POST", endpoint, params, new NStringEntity(ndjson, NDJSON));
    }

    /** 404 answers an empty node instead of throwing (index or alias does not exist). */
    JsonNode sendAllowingMissing(String method, String endpoint, Map<String, String> params, JsonNode body) {
        try {
            return send(method, endpoint, params, body);
        } catch (SearchRejectedException e) {
            if (e.status() == 404) {
                return MissingNode.getInstance();
            }
            throw e;
        }
    }

    /**
     * Every call to the node is a CLIENT span, a child of whatever is current (a request, an indexer's consumer span).
     * Nothing is propagated to the node: it would not continue the trace, and no header of ours (baggage least of
     * all) has any business there.
     */
    private JsonNode send(String method, String endpoint, Map<String, String> params, HttpEntity entity) {
        Span span = tracer.spanBuilder("search " + method).setSpanKind(SpanKind.CLIENT)
                .setAttribute(DB_SYSTEM, "opensearch").setAttribute(METHOD, method).setAttribute(PATH, endpoint)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return call(method, endpoint, params, entity, span);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private JsonNode call(String method, String endpoint, Map<String, String> params, HttpEntity entity, Span span) {
        Request request = new Request(method, endpoint);
        params.forEach(request::addParameter);
        if (entity != null) {
            request.setEntity(entity);
        }
        Response response;
        try {
            response = client.performRequest(request);
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            span.setAttribute(STATUS, (long) status);
            if (status == 429 || status >= 500) {
                throw new SearchUnavailableException("search node answered " + status, null);
            }
            throw new SearchRejectedException(status, errorType(e.getResponse()));
        } catch (IOException | RuntimeException e) {
            // ConnectException, SocketTimeoutException, ConnectionClosedException, and the client's own wrappers
            throw new SearchUnavailableException("search node unreachable: " + e.getClass().getSimpleName(), e);
        }
        span.setAttribute(STATUS, (long) response.getStatusLine().getStatusCode());
        return read(response);
    }

    private JsonNode read(Response response) {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return MissingNode.getInstance();
        }
        try (InputStream in = entity.getContent()) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new SearchUnavailableException("search node answer could not be read", e);
        }
    }

    private String errorType(Response response) {
        JsonNode body = read(response);
        JsonNode type = body.path("error").path("type");
        return type.isTextual() ? type.asText() : "unknown";
    }
}
