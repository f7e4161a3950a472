package dev.enclave.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.restassured.RestAssured;

/**
 * HTTP/1.1 by hand, for what the HTTP clients will not send or wait for: URIs that are not URIs, requests without a
 * Host header, a declared body that is never sent, a chunked body. Bounded by a socket timeout.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends the head (and body bytes, if any) and reads the whole answer; the request should say Connection: close. */
    public static String exchange(String head, byte[] body) throws IOException {
        if (RestAssured.port == RestAssured.DEFAULT_PORT) {
            throw new IllegalStateException("not aimed at the test application");
        }
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException refusedMidway) {
                    // The server may answer and close before taking all of it; its answer is still there to read.
                }
            }
            out.flush();
            InputStream in = socket.getInputStream();
            var answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                if (answer.size() == 0) {
                    throw reset;
                }
                // A reset after the answer (the server closed with request bytes unread): keep what arrived.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** The body as HTTP/1.1 chunks of 8 KiB, terminated. */
    public static byte[] chunked(byte[] body) {
        var out = new java.io.ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 8192) {
            int n = Math.min(8192, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    public static String statusLine(String raw) {
        return raw.lines().findFirst().orElse("");
    }

    /** The body of the last response in the exchange (after an interim 100 Continue, if any). */
    public static String body(String raw) {
        int at = raw.lastIndexOf("\r\n\r\n");
        return at < 0 ? "" : raw.substring(at + 4);
    }
}
