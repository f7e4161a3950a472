package dev.enclave.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for the processes the tests start themselves (a second service instance, a private broker). */
final class Ports {

    private Ports() {
    }

    /** A port free right now (the OS picks it; another process could still take it before it is bound). */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
