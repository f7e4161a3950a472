package dev.enclave.search;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.enclave.platform.Problem;
import dev.enclave.platform.ProblemType;

/** Search unavailable is a 503 with Retry-After, never a 500: writes keep working, search comes back by itself. */
public class SearchProblems {

    @ServerExceptionMapper
    public Response unavailable(SearchUnavailableException e) {
        return Response.fromResponse(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "search is temporarily unavailable; try again shortly").toResponse())
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }
}
