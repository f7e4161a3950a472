package dev.enclave.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay to a real service that can be switched off and on: off closes the listening socket and
 * every relayed connection, so clients see refused and reset connections exactly as when the service is down,
 * while the shared service itself keeps running for everyone else.
 */
final class SwitchableProxy {

    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private int port;

    SwitchableProxy(int targetPort) {
        this.targetPort = targetPort;
    }

    synchronized int start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            port = socket.getLocalPort();
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "switchable-proxy-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("proxy could not listen", e);
        }
    }

    synchronized void stop() {
        ServerSocket socket = server;
        server = null;
        closeQuietly(socket);
        open.forEach(SwitchableProxy::closeQuietly);
        open.clear();
    }

    synchronized void set(boolean up) {
        if (up && server == null) {
            start();
        } else if (!up) {
            stop();
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed while accepting (switched off), or upstream refused: the client sees a reset
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "switchable-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException e) {
            // nothing to do
        }
    }
}
