package dev.enclave.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Starts a component of the project's own local stack ({@code ./enclave up <component>}, idempotent) and fails
 * the test run with the script's output when it cannot: a test that needs a service starts it or fails.
 */
final class LocalStack {

    private LocalStack() {
    }

    static void ensureUp(String component) {
        Path root = projectRoot();
        try {
            Path log = Files.createTempFile("enclave-up-" + component, ".log");
            Process process = new ProcessBuilder(root.resolve("enclave").toString(), "up", component)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("./enclave up " + component + " timed out:\n" + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./enclave up " + component + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run ./enclave up " + component, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + component, e);
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
