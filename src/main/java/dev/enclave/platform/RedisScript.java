package dev.enclave.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script run atomically in Redis, the one way the service keeps shared counters (request buckets here, the
 * relay's publishing pace in events.outbox): EVALSHA saves sending the script; a Redis that has not seen it yet
 * (restart, new node) gets it once with EVAL. In platform: the request limits and the events relay both use it.
 */
public final class RedisScript {

    private final String script;
    private final String sha;

    public RedisScript(String script) {
        this.script = script;
        this.sha = sha1(script);
    }

    /** @param keysAndArgs the number of keys, the keys, then the arguments (as EVAL takes them) */
    public Uni<Response> run(ReactiveRedisDataSource redis, String... keysAndArgs) {
        return redis.execute("EVALSHA", prepend(sha, keysAndArgs))
                .onFailure(e -> String.valueOf(e.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", prepend(script, keysAndArgs)));
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
