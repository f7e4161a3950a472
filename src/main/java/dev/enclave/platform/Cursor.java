package dev.enclave.platform;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque keyset cursors. A cursor only says where to continue; the tenant is never in it (it comes from the
 * token), so a cursor taken from another tenant's response selects nothing of theirs. Malformed cursors are 400.
 */
public final class Cursor {

    private Cursor() {
    }

    /** A position after (timestamp, id), for lists ordered by creation time. */
    public record Position(Instant at, UUID id) {
    }

    public static String encode(Position position) {
        return encodeText(ChronoUnit.MICROS.between(Instant.EPOCH, position.at()) + ":" + position.id());
    }

    public static Position decode(String cursor) {
        String text = decodeText(cursor);
        int colon = text.indexOf(':');
        try {
            long micros = Long.parseLong(text.substring(0, colon));
            UUID id = UUID.fromString(text.substring(colon + 1));
            return new Position(Instant.EPOCH.plusNanos(micros * 1000), id);
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    public static String encodeLong(long value) {
        return encodeText(Long.toString(value));
    }

    public static long decodeLong(String cursor) {
        try {
            return Long.parseLong(decodeText(cursor));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /** A position after a text key, for lists ordered by a unique text (e.g. the tenants, by id). */
    public static String encodeKey(String key) {
        return encodeText("k:" + key);
    }

    public static String decodeKey(String cursor) {
        String text = decodeText(cursor);
        if (!text.startsWith("k:") || text.length() < 3) {
            throw invalid();
        }
        return text.substring(2);
    }

    private static String encodeText(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeText(String cursor) {
        if (cursor.length() > 200) {
            throw invalid();
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return new ProblemException(ProblemType.MALFORMED_REQUEST, "cursor is malformed; use the nextCursor of a previous page");
    }
}
