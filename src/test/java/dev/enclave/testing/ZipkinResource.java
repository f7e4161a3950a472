package dev.enclave.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local stack's Zipkin, started by the project's own script (or, with ENCLAVE_STACK_EXTERNAL=1, required to be
 * running), and the service's exporter pointed at it. ENCLAVE_ZIPKIN_PORT picks another port than 9411 (a worktree
 * beside a shared stack).
 */
public class ZipkinResource implements QuarkusTestResourceLifecycleManager {

    /** Zipkin's base URL, e.g. {@code http://127.0.0.1:9411}. */
    public static String baseUrl() {
        String port = System.getenv().getOrDefault("ENCLAVE_ZIPKIN_PORT", "9411");
        return "http://127.0.0.1:" + port;
    }

    @Override
    public Map<String, String> start() {
        LocalStack.ensureUp("zipkin");
        return Map.of("enclave.tracing.zipkin-endpoint", baseUrl() + "/api/v2/spans");
    }

    @Override
    public void stop() {
        // Left running, like the rest of the stack.
    }
}
