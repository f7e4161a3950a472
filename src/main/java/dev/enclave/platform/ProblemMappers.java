package dev.enclave.platform;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns exceptions into problem+json; the tenancy core maps its own refusals (TenancyProblems), platform does not
 * know about tenants. Messages shown to clients are written here or by our own code ({@link ProblemException});
 * framework and driver messages are never echoed.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return Problem.of(ProblemType.VALIDATION_FAILED, detail).withErrors(errors).toResponse();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return malformed("unknown field '" + pathOf(e) + "'");
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e) {
        return malformed("field '" + pathOf(e) + "' has the wrong type or format");
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String path = pathOf(e);
        return malformed(path.isEmpty() ? "the body does not have the expected shape" : "field '" + path + "' has the wrong type");
    }

    @ServerExceptionMapper
    public Response invalidValue(JsonMappingException e) {
        Problem ours = ourProblemInside(e);
        if (ours != null) {
            return ours.toResponse();
        }
        if (syntaxErrorInside(e)) {
            return unreadable(e);
        }
        String path = pathOf(e);
        return malformed(path.isEmpty() ? "the body does not have the expected shape" : "field '" + path + "' has an invalid value");
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return malformed("the body is not valid JSON");
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(ProblemType.FORBIDDEN, "you are not allowed to do this").toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ProblemType type = ProblemType.forStatus(status);
        if (status >= 500) {
            return internal(e);
        }
        Problem ours = ourProblemInside(e);
        if (ours != null) {
            return ours.toResponse();
        }
        // The JSON reader wraps syntax errors and failed value constructors in a bare 400: say which it was.
        if (status == 400 && e.getCause() instanceof JsonMappingException mapping) {
            return invalidValue(mapping);
        }
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        return Problem.of(type, frameworkDetail(status, type)).toResponse();
    }

    /** Routing and content negotiation failures raised by the framework, said in the client's terms. */
    private static String frameworkDetail(int status, ProblemType type) {
        return switch (status) {
            case 404 -> "there is no resource at this path";
            case 405 -> "this resource does not support the request's method";
            case 406 -> "this API answers in application/json only";
            case 415 -> "the request body must be application/json";
            default -> type.title();
        };
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (IdentityProviderOutage.isCause(e)) {
            return Response.fromResponse(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                    "the identity provider cannot be reached; try again shortly").toResponse())
                    .header(HttpHeaders.RETRY_AFTER, "5").build();
        }
        return PersistenceFailures.classify(e).map(problem -> withRetryAfter(problem, PersistenceFailures.retryAfter(e)))
                .orElseGet(() -> internal(e));
    }

    /** A 503 tells the client when to come back (RFC 9110 Retry-After). */
    private static Response withRetryAfter(Problem problem, String seconds) {
        Response response = problem.toResponse();
        return response.getStatus() == 503 ? Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, seconds).build() : response;
    }

    /** Jackson reports a body cut off inside a field as that field's mapping error: it is still not JSON. */
    private static boolean syntaxErrorInside(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.exc.StreamReadException) {
                return true;
            }
        }
        return false;
    }

    /** A problem of ours raised while the body was parsed (the body limit) and wrapped by Jackson or the reader. */
    private static Problem ourProblemInside(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem.problem();
            }
        }
        return null;
    }

    private static Response internal(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unhandled error %s", errorId);
        return Problem.of(ProblemType.INTERNAL, "an internal error occurred (error id " + errorId + ")").toResponse();
    }

    private static Response unauthorized() {
        return Response.fromResponse(Problem.of(ProblemType.UNAUTHENTICATED, "a valid bearer token is required").toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static Response malformed(String detail) {
        return Problem.of(ProblemType.MALFORMED_REQUEST, detail).toResponse();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        // "create.request.title" -> "title": the method and parameter names mean nothing to a client
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
    }
}
