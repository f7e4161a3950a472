package dev.enclave.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the application at a {@link SwitchableProxy} in front of a shared service, so a test can take that service
 * "down" and bring it back without touching what others use. The switch is a system property watched by the
 * resource (test classes and resources may live in different class loaders; system properties are shared, and must
 * hold strings only).
 */
abstract class RelayOutageResource implements QuarkusTestResourceLifecycleManager {

    private final String name;
    private final int targetPort;
    private SwitchableProxy proxy;
    private volatile boolean running;

    RelayOutageResource(String name, int targetPort) {
        this.name = name;
        this.targetPort = targetPort;
    }

    /** The application's configuration that sends it through the relay on {@code port}. */
    abstract Map<String, String> config(int port);

    @Override
    public Map<String, String> start() {
        proxy = new SwitchableProxy(targetPort);
        int port = proxy.start();
        System.setProperty(wanted(name), "up");
        System.setProperty(state(name), "up");
        running = true;
        Thread watcher = new Thread(this::watch, name + "-relay-switch");
        watcher.setDaemon(true);
        watcher.start();
        return config(port);
    }

    private void watch() {
        while (running) {
            String wanted = System.getProperty(wanted(name), "up");
            if (!wanted.equals(System.getProperty(state(name)))) {
                proxy.set("up".equals(wanted));
                System.setProperty(state(name), wanted);
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
        System.clearProperty(wanted(name));
        System.clearProperty(state(name));
    }

    /** Brings the relayed service up or down for the application under test; returns once it is so. */
    static void relayUp(String name, boolean up) {
        String wanted = up ? "up" : "down";
        System.setProperty(wanted(name), wanted);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!wanted.equals(System.getProperty(state(name)))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + name + " relay did not switch " + wanted + " (is its resource on the test?)");
            }
            Thread.onSpinWait();
        }
    }

    private static String wanted(String name) {
        return "enclave.test." + name + "-relay";
    }

    private static String state(String name) {
        return "enclave.test." + name + "-relay.state";
    }
}
