package dev.enclave.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The local stack's opensearch, started by the project's own script for the tests that name this resource. */
public class OpenSearchResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalStack.ensureUp("opensearch");
        return Map.of();
    }

    @Override
    public void stop() {
        // Left running: the stack is shared by every test class and stopped by .ci/run or ./enclave down.
    }
}
