package dev.enclave.testing;

import java.util.Map;

/**
 * PostgreSQL behind a switchable relay ({@link RelayOutageResource}): the application's pool and Flyway connect
 * through it, so a test can make the database unreachable for the application while the shared server runs on.
 */
public class DatabaseOutageResource extends RelayOutageResource {

    public DatabaseOutageResource() {
        super("database", LocalStack.Component.POSTGRES.port);
    }

    @Override
    Map<String, String> config(int port) {
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + LocalStack.testDatabase());
    }

    /** Makes the database reachable or unreachable for the application under test; returns once it is so. */
    public static void databaseUp(boolean up) {
        relayUp("database", up);
    }
}
