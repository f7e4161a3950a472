package dev.enclave.tenancy;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.enclave.testing.TestDatabase;

/**
 * The packaged application (jar or native executable, whichever the build made) refuses to boot when its pool
 * connects as a role that could bypass row-level security. Started as a process of its own, since a refused boot
 * is the expected outcome; the migrated test database is reused as it is.
 */
class RlsStartupGuardIT {

    static final long BOOT_TIMEOUT_SECONDS = 120;

    @ParameterizedTest
    @CsvSource({
            "enclave_owner, documents: owned by the application role or a role it belongs to",
            "postgres,      the application role is a superuser" })
    void refusesToBootAs(String role, String reason) throws Exception {
        Path log = Files.createTempFile("enclave-guard-" + role, ".log");
        Process app = new ProcessBuilder(command(role)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(app.waitFor(BOOT_TIMEOUT_SECONDS, TimeUnit.SECONDS), "still running after " + BOOT_TIMEOUT_SECONDS + " s");
            String output = Files.readString(log);
            assertNotEquals(0, app.exitValue(), output);
            assertTrue(output.contains("Refusing to start, tenant isolation is not guaranteed"), output);
            assertTrue(output.contains(reason), output);
        } finally {
            app.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static List<String> command(String role) throws IOException {
        Properties artifact = new Properties();
        Path target = Path.of("target");
        try (InputStream in = Files.newInputStream(target.resolve("quarkus-artifact.properties"))) {
            artifact.load(in);
        }
        Path path = target.resolve(artifact.getProperty("path")).toAbsolutePath();
        List<String> options = List.of("-Dquarkus.profile=test", "-Dquarkus.http.port=0",
                "-Dquarkus.datasource.username=" + role,
                "-Dquarkus.flyway.clean-at-start=false",
                "-Dquarkus.flyway.placeholders.app_role=" + TestDatabase.APP_ROLE);
        List<String> command = new ArrayList<>();
        if ("native".equals(artifact.getProperty("type"))) {
            command.add(path.toString());
            command.addAll(options);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options);
            command.addAll(List.of("-jar", path.toString()));
        }
        return command;
    }
}
