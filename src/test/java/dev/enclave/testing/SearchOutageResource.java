package dev.enclave.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the application's search client at a {@link SwitchableProxy} in front of the shared search node, so a test
 * can take "search" down and bring it back without touching the node others use. The switch is a system property
 * watched by the resource (test classes and resources may live in different class loaders; system properties are
 * shared, and must hold strings only).
 */
public class SearchOutageResource implements QuarkusTestResourceLifecycleManager {

    static final String WANTED = "enclave.test.search-relay";
    static final String STATE = "enclave.test.search-relay.state";

    private SwitchableProxy proxy;
    private volatile boolean running;

    @Override
    public Map<String, String> start() {
        proxy = new SwitchableProxy(9200);
        int port = proxy.start();
        System.setProperty(WANTED, "up");
        System.setProperty(STATE, "up");
        running = true;
        Thread watcher = new Thread(this::watch, "search-relay-switch");
        watcher.setDaemon(true);
        watcher.start();
        return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + port);
    }

    private void watch() {
        while (running) {
            String wanted = System.getProperty(WANTED, "up");
            if (!wanted.equals(System.getProperty(STATE))) {
                proxy.set("up".equals(wanted));
                System.setProperty(STATE, wanted);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        proxy.stop();
        System.clearProperty(WANTED);
        System.clearProperty(STATE);
    }

    /** Brings the search node up or down for the application under test; returns once it is so. */
    public static void searchUp(boolean up) {
        String wanted = up ? "up" : "down";
        System.setProperty(WANTED, wanted);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!wanted.equals(System.getProperty(STATE))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the search relay did not switch " + wanted + " (is SearchOutageResource in the profile?)");
            }
            Thread.onSpinWait();
        }
    }
}
