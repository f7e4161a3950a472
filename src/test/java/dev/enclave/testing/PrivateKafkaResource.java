package dev.enclave.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A second Kafka broker, private to one test class, that the test may stop and start again (the shared broker is
 * used by everyone and must never be stopped). Same recipe and jars as the local stack (deploy/local/kafka), on
 * free ports, with its data in target/ so a restart keeps topics and committed offsets.
 */
public class PrivateKafkaResource implements QuarkusTestResourceLifecycleManager {

    private static Broker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = new Broker();
            broker.format();
            broker.start();
            Broker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop)); // never leave it running
            return Map.of("kafka.bootstrap.servers", broker.bootstrap());
        } catch (IOException e) {
            throw new IllegalStateException("could not start a private Kafka broker", e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.stop();
            broker.deleteData();
            broker = null;
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 30 s), like an outage. */
    public static void stopBroker() {
        broker.stop();
    }

    /** Starts it again on the same ports and data; returns once it accepts clients. */
    public static void startBroker() {
        try {
            broker.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not restart the private Kafka broker", e);
        }
    }

    private static final class Broker {
        final Path root = LocalStack.projectRoot();
        final Path dir;
        final Path jars;
        final int port = Ports.free();
        final int controllerPort = Ports.free();
        Process process;
        Path log;

        Broker() throws IOException {
            dir = Files.createDirectories(root.resolve("target/private-kafka-" + UUID.randomUUID().toString().substring(0, 8)));
            jars = Path.of(run(List.of("bash", "-c", "set -e; ROOT=\"$1\"; source \"$ROOT/deploy/local/lib.sh\"; fetch kafka",
                    "fetch", root.toString())).trim());
            String props = Files.readString(root.resolve("deploy/local/kafka/server.properties"))
                    .replace("1@127.0.0.1:9093", "1@127.0.0.1:" + controllerPort)
                    .replace("PLAINTEXT://127.0.0.1:9092", "PLAINTEXT://127.0.0.1:" + port)
                    .replace("CONTROLLER://127.0.0.1:9093", "CONTROLLER://127.0.0.1:" + controllerPort)
                    + "\nlog.dirs=" + dir.resolve("data") + "\n";
            Files.writeString(dir.resolve("server.properties"), props);
        }

        String bootstrap() {
            return "127.0.0.1:" + port;
        }

        void format() throws IOException {
            byte[] id = new byte[16];
            new java.security.SecureRandom().nextBytes(id);
            String clusterId = "A" + Base64.getUrlEncoder().withoutPadding().encodeToString(id).substring(1);
            run(List.of("java", "-Xmx128m", "-Dlog4j2.configurationFile=" + root.resolve("deploy/local/kafka/log4j2-tools.properties"),
                    "-cp", jars + "/*", "kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                    dir.resolve("server.properties").toString()));
        }

        void start() throws IOException {
            log = dir.resolve("kafka-" + System.nanoTime() + ".log");
            process = new ProcessBuilder("java", "-Xms256m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseG1GC",
                    "-Dlog4j2.configurationFile=" + root.resolve("deploy/local/kafka/log4j2.properties"),
                    "-cp", jars + "/*", "kafka.Kafka", dir.resolve("server.properties").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                if (Files.readString(log, StandardCharsets.UTF_8).contains("Kafka Server started")) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("private Kafka broker exited:\n" + Files.readString(log));
                }
                sleep(250);
            }
            process.destroyForcibly();
            throw new IllegalStateException("private Kafka broker did not start within 180 s:\n" + Files.readString(log));
        }

        void stop() {
            if (process == null || !process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void deleteData() {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // target/ is cleaned by the next build anyway
            }
        }

        private String run(List<String> command) throws IOException {
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(false).start();
            try {
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + command);
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(command + " failed:\n" + out + err);
                }
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
