package dev.enclave.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Another instance of the packaged application (the jar, or the native executable when the build made one), for
 * integration tests that need two instances: same profile, same environment, and the same run-scoped properties
 * the test resources gave the instance Quarkus started (the integration-test extension sets those as system
 * properties of the test JVM). The environment is inherited, so ENCLAVE_TEST_DB names the same database and the
 * same Redis key prefix. It never cleans the database the first instance is using.
 */
public final class PackagedApp implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** What the test resources (and the stack's defaults) decide: database, Redis, broker, topics, identity, search. */
    private static final List<String> RUN_PROPERTIES = List.of("enclave.", "mp.messaging.", "kafka.", "quarkus.datasource.",
            "quarkus.redis.", "quarkus.oidc.", "quarkus.elasticsearch.");

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private PackagedApp(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * The management interface (health, metrics) of the instance Quarkus started for the integration tests: the
     * packaged build serves it on a port of its own (application.properties, quarkus.management.test-port).
     */
    public static String firstManagementUri() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /**
     * Starts a second instance on free ports (API and management) and waits until /q/health/ready answers 200, or
     * fails with its log.
     */
    public static PackagedApp startAnother(String name) {
        return startAnother(name, Map.of());
    }

    /** The same, with properties of its own (they win over the run's). */
    public static PackagedApp startAnother(String name, Map<String, String> properties) {
        int port = Ports.free();
        int managementPort = Ports.free();
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        List<String> command = command(port, managementPort, properties);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        PackagedApp app = new PackagedApp(process, log, port, managementPort);
        app.awaitReady(command);
        return app;
    }

    public String baseUri() {
        return "http://localhost:" + port;
    }

    /** Health and metrics of this instance. */
    public String managementUri() {
        return "http://localhost:" + managementPort;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed, committed or left cleanly. */
    public void kill() {
        process.destroyForcibly(); // SIGKILL on Linux
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A graceful stop (consumer groups are left cleanly), forced after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady(List<String> command) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUri() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastAnswer = "none";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the second instance exited (" + process.exitValue() + ")\ncommand: " + command
                        + "\nlog:\n" + log());
            }
            try {
                HttpResponse<String> answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                lastAnswer = answer.statusCode() + " " + answer.body(); // which check is down, for the failure below
            } catch (IOException notYet) {
                lastAnswer = notYet.toString(); // not listening yet, or the check did not answer in time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(500);
        }
        close();
        throw new IllegalStateException("the second instance was not ready after " + READY_TIMEOUT.toSeconds() + " s\nlast readiness answer: "
                + lastAnswer + "\ncommand: " + command + "\nlog:\n" + log());
    }

    private static List<String> command(int port, int managementPort, Map<String, String> properties) {
        Properties artifact = new Properties();
        Path target = Path.of("target");
        try (InputStream in = Files.newInputStream(target.resolve("quarkus-artifact.properties"))) {
            artifact.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no packaged application in target/ (run the integration tests through Maven)", e);
        }
        Path path = target.resolve(artifact.getProperty("path")).toAbsolutePath();
        Map<String, String> options = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> RUN_PROPERTIES.stream().anyMatch(key::startsWith))
                .forEach(key -> options.put(key, System.getProperty(key)));
        options.put("quarkus.profile", ConfigProvider.getConfig()
                .getOptionalValue("quarkus.test.integration-test-profile", String.class).orElse("prod"));
        options.put("quarkus.http.port", String.valueOf(port));
        options.put("quarkus.management.port", String.valueOf(managementPort));
        // The test profile cleans the database at start: the first instance has done that and is using it now.
        options.put("quarkus.flyway.clean-at-start", "false");
        options.putAll(properties);
        List<String> command = new ArrayList<>();
        boolean isNative = "native".equals(artifact.getProperty("type"));
        command.add(isNative ? path.toString() : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        options.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!isNative) {
            command.addAll(List.of("-jar", path.toString()));
        }
        return command;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
