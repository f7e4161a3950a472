package dev.enclave.tracing;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.jboss.logging.Logger;

/** Test-only: a tenant request that writes one log line on the request's own thread, for LogCorrelationTest. */
@Path("/api/v1/test/log-probe")
@io.quarkus.security.Authenticated
public class LogProbeResource {

    static final String MESSAGE = "log probe";
    private static final Logger LOG = Logger.getLogger(LogProbeResource.class);

    @GET
    public String probe() {
        LOG.info(MESSAGE);
        return "logged";
    }
}
