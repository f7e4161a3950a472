import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch for local development and tests, built from Maven Central jars (no distribution,
 * no Docker). Run with Java's source launcher:
 *   java -cp "lib/*" OpenSearchNode.java <home> [httpPort] [transportPort]
 * Going through Node directly skips the bootstrap checks, so it runs as root without vm.max_map_count.
 */
public final class OpenSearchNode {

    /** Node's plugin constructor is protected: a subclass is the supported way to pass classpath plugins. */
    static final class LocalNode extends Node {
        LocalNode(Environment env, List<Class<? extends Plugin>> plugins) {
            super(env, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: OpenSearchNode <home> [httpPort] [transportPort]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String httpPort = args.length > 1 ? args[1] : "9200";
        String transportPort = args.length > 2 ? args[2] : "9300";

        // LogConfigurator reads <home>/config; log to the console, the caller redirects it to a file.
        Path config = Files.createDirectories(home.resolve("config"));
        Files.writeString(config.resolve("log4j2.properties"), String.join("\n",
            "status = error",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.console.ref = console",
            ""));

        Settings settings = Settings.builder()
            .put("cluster.name", "enclave")
            .put("node.name", "enclave-local")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            // A developer disk is often fuller than the 85 % watermark; never go read-only because of it.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), config, () -> "enclave-local");
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName("enclave-local");
        LogConfigurator.configure(env);

        Node node = new LocalNode(env, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM: close the node (flushes shards), then let main return.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "opensearch-shutdown"));
        node.start();
        System.out.println("OpenSearch node started on 127.0.0.1:" + httpPort);
        stopped.await(); // the node's threads are daemons: keep the JVM alive until shutdown
    }
}
