package dev.enclave.ai;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A local stand-in for an OpenAI-compatible API (the JDK's HTTP server on a free loopback port). Each call takes
 * the next scripted reply, or a valid answer when the script is empty; calls and the last request are recorded.
 */
public class OpenAiStub implements QuarkusTestResourceLifecycleManager {

    record Reply(int status, String body, long delayMillis) {
    }

    static final ConcurrentLinkedDeque<Reply> SCRIPT = new ConcurrentLinkedDeque<>();
    static final AtomicInteger CALLS = new AtomicInteger();
    static volatile String lastAuthorization;
    static volatile String lastBody;

    private HttpServer server;
    private ExecutorService threads;

    static Reply answer(String content) {
        return answer(content, "{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}");
    }

    /** An answer with the given {@code usage} object (JSON), or none when it is null. */
    static Reply answer(String content, String usage) {
        String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"");
        return new Reply(200, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"stub-model-1",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}]%s}"""
                .formatted(escaped, usage == null ? "" : ",\n \"usage\":" + usage), 0);
    }

    static Reply summary(String summary, String... keywords) {
        StringBuilder list = new StringBuilder();
        for (String keyword : keywords) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(keyword).append('"');
        }
        return answer("{\"summary\": \"" + summary + "\", \"keywords\": [" + list + "]}");
    }

    static void reset(Reply... replies) {
        SCRIPT.clear();
        CALLS.set(0);
        lastAuthorization = null;
        lastBody = null;
        for (Reply reply : replies) {
            SCRIPT.add(reply);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        threads = Executors.newFixedThreadPool(8);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.openai.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        CALLS.incrementAndGet();
        lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        lastBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Reply reply = SCRIPT.isEmpty() ? summary("A stub summary.", "stub") : SCRIPT.poll();
        try {
            Thread.sleep(reply.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer to
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
