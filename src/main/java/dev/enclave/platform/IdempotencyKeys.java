package dev.enclave.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code Idempotency-Key} request header of a POST that creates something (table {@code idempotency_keys},
 * V63): the first successful answer to a key is kept and replayed (status, {@code Location}, body) for the same key
 * with the same request; the same key with another request is a 422. A request that failed is not kept, so the
 * client may send it again with the same key. Keys live in a scope (the operation and its caller), so two callers
 * never see each other's answers. A request is compared by the SHA-256 of its parsed body as JSON (field order
 * and white space of what the client sent do not matter).
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** The header clients send. */
    public static final String HEADER = "Idempotency-Key";

    /** An answer as it is kept and replayed. */
    public record Answer(int status, String location, JsonNode body) {

        public Response toResponse() {
            Response.ResponseBuilder response = Response.status(status).entity(body);
            if (location != null) {
                response.header("Location", location);
            }
            return response.build();
        }
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    IdempotencyKeys(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Answers the request: without a key, {@code work} runs; with a key seen before, its answer is replayed (or 422
     * for another request); with a new key, {@code work} runs and a 2xx answer is kept. When two requests with the
     * same new key race, the answer kept first is the one both get.
     *
     * @param key the header's value; null or empty when the client sent none
     * @throws ProblemException 400 for a key over 200 characters, 422 for a key reused with another request
     */
    public Response answer(String scope, String key, Object request, Supplier<Answer> work) {
        if (key == null || key.isEmpty()) {
            return work.get().toResponse();
        }
        if (key.length() > 200) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, HEADER + " must be at most 200 characters");
        }
        String digest = sha256(request);
        Optional<Answer> kept = replay(scope, key, digest);
        if (kept.isPresent()) {
            return kept.get().toResponse();
        }
        Answer answer = work.get();
        if (answer.status() >= 200 && answer.status() < 300 && !keep(scope, key, digest, answer)) {
            return replay(scope, key, digest).orElse(answer).toResponse();
        }
        return answer.toResponse();
    }

    /** The JSON body of an answer, as kept. */
    public JsonNode body(Object value) {
        return json.valueToTree(value);
    }

    private Optional<Answer> replay(String scope, String key, String digest) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select request_sha256, status, location, body from idempotency_keys where scope = ? and key = ?")) {
            query.setString(1, scope);
            query.setString(2, key);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                if (!row.getString(1).equals(digest)) {
                    throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                            "this " + HEADER + " was used with another request; use a new key for a new request");
                }
                String body = row.getString(4);
                return Optional.of(new Answer(row.getInt(2), row.getString(3), body == null ? null : json.readTree(body)));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read an idempotency key", e);
        }
    }

    /** False when another request kept an answer for the key first. */
    private boolean keep(String scope, String key, String digest, Answer answer) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into idempotency_keys (scope, key, request_sha256, status, location, body)
                        values (?, ?, ?, ?, ?, ?::jsonb) on conflict (scope, key) do nothing""")) {
            insert.setString(1, scope);
            insert.setString(2, key);
            insert.setString(3, digest);
            insert.setInt(4, answer.status());
            insert.setString(5, answer.location());
            insert.setString(6, answer.body() == null ? null : json.writeValueAsString(answer.body()));
            return insert.executeUpdate() == 1;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not keep an idempotency key", e);
        }
    }

    private String sha256(Object request) {
        try {
            // Through a tree, whose fields Jackson writes in a stable order: equal requests give equal digests.
            byte[] canonical = json.writeValueAsString(json.valueToTree(request)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not digest a request", e);
        }
    }
}
