package dev.enclave.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The machine's redis (shared request limits), started by the project's own script for the tests that name this resource. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalStack.ensureUp("redis");
        return Map.of();
    }

    @Override
    public void stop() {
        // Left running: the machine's server, like PostgreSQL.
    }
}
