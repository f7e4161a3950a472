package dev.enclave.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One component of the project's own local stack as a test resource, named by the init arg {@code component}
 * (see {@link StackResources}). It starts the component ({@code ./enclave up <component>}, idempotent; with
 * ENCLAVE_STACK_EXTERNAL=1 the script only checks that it listens) and fails the test run with the script's output
 * when it cannot: a test that needs a service starts it or fails. It then hands the application the component's
 * connection config, so the tests do not depend on application.properties naming the same ports.
 */
public class LocalStack implements QuarkusTestResourceLifecycleManager {

    /** The stack's components, where deploy/local starts them. */
    public enum Component {
        POSTGRES("127.0.0.1", 5432),
        REDIS("127.0.0.1", 6379),
        KAFKA("127.0.0.1", 9092),
        OPENSEARCH("127.0.0.1", 9200),
        // localhost, not 127.0.0.1: the tokens' issuer is http://localhost:8180/realms/enclave
        KEYCLOAK("localhost", 8180),
        // ENCLAVE_ZIPKIN_PORT: another port than 9411 (a worktree beside a shared stack), as for ./enclave
        ZIPKIN("127.0.0.1", Integer.parseInt(System.getenv().getOrDefault("ENCLAVE_ZIPKIN_PORT", "9411"))),
        // the export bundles' object store (S3-compatible)
        S3PROXY("127.0.0.1", 9000);

        public final String host;
        public final int port;

        Component(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /** host:port, e.g. Kafka's bootstrap servers. */
        public String address() {
            return host + ":" + port;
        }

        /** The HTTP base URL, e.g. {@code http://127.0.0.1:9411}. */
        public String url() {
            return "http://" + address();
        }

        /** What the application needs to reach this component. */
        Map<String, String> config() {
            return switch (this) {
                case POSTGRES -> Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + address() + "/" + testDatabase());
                case REDIS -> Map.of("quarkus.redis.hosts", "redis://" + address());
                case KAFKA -> Map.of("kafka.bootstrap.servers", address());
                case OPENSEARCH -> Map.of("quarkus.elasticsearch.hosts", address());
                case KEYCLOAK -> Map.of("quarkus.oidc.auth-server-url", url() + "/realms/enclave");
                case ZIPKIN -> Map.of("enclave.tracing.zipkin-endpoint", url() + "/api/v2/spans");
                case S3PROXY -> Map.of("enclave.objectstore.endpoint", url());
            };
        }

        /** The name ./enclave knows it by. */
        String script() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Component component;

    @Override
    public void init(Map<String, String> initArgs) {
        String name = initArgs.getOrDefault("component", "");
        component = Arrays.stream(Component.values()).filter(c -> c.script().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("LocalStack needs the init arg component, one of "
                        + Arrays.stream(Component.values()).map(Component::script).toList() + ", not '" + name + "'"));
    }

    @Override
    public Map<String, String> start() {
        ensureUp(component);
        return component.config();
    }

    @Override
    public void stop() {
        // Left running: the stack is shared by every test class and stopped by .ci/run or ./enclave down.
    }

    /**
     * First (resources start one after the other, by order): the resources that use a component (the run's topics,
     * the console's client) find it up, and a test class's own relay or private broker overrides its config.
     */
    @Override
    public int order() {
        return -100;
    }

    @Override
    public String toString() {
        return "LocalStack(" + component + ")";
    }

    /** This checkout's test database: ENCLAVE_TEST_DB lets worktrees beside one PostgreSQL keep apart. */
    static String testDatabase() {
        return System.getenv().getOrDefault("ENCLAVE_TEST_DB", "enclave_test");
    }

    static void ensureUp(Component component) {
        String name = component.script();
        Path root = projectRoot();
        try {
            Path log = Files.createTempFile("enclave-up-" + name, ".log");
            Process process = new ProcessBuilder(root.resolve("enclave").toString(), "up", name)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("./enclave up " + name + " timed out:\n" + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./enclave up " + name + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run ./enclave up " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("enclave"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root (the ./enclave script)");
        }
        return dir;
    }
}
