package dev.enclave.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;

/**
 * Position after a hit, for {@code search_after} on (score, document id); opaque to clients like
 * {@link dev.enclave.platform.Cursor}. It carries no tenant: a cursor from another tenant's answer only says
 * "continue after this score and id" inside the caller's own tenant. The score is computed from the hit's own
 * document and the query alone ({@link SearchIndexes#TENANT_LOCAL_SCORING}), so the cursor reveals nothing of other
 * tenants, and a forged one can only skip within the caller's own results: it needs no signature.
 */
public record SearchCursor(double score, UUID id) {

    String encode() {
        String text = Double.toString(score) + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static SearchCursor decode(String cursor) {
        if (cursor == null || cursor.length() > 200) {
            throw invalid();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            double score = Double.parseDouble(text.substring(0, bar));
            if (!Double.isFinite(score)) {
                throw invalid();
            }
            return new SearchCursor(score, UUID.fromString(text.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return new ProblemException(ProblemType.MALFORMED_REQUEST, "cursor is malformed; use the nextCursor of a previous page");
    }
}
