package dev.enclave.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The local stack's postgres, started by the project's own script for the tests that name this resource. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalStack.ensureUp("postgres");
        return Map.of();
    }

    @Override
    public void stop() {
        // Left running: the stack is shared by every test class and stopped by .ci/run or ./enclave down.
    }
}
