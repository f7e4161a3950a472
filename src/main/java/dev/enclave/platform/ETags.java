package dev.enclave.platform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Optimistic locking over HTTP: a resource's ETag is its version; writes must send it back in {@code If-Match}.
 * Missing: 428. Not an ETag we issue: 400. Stale: 412 (checked by the service against the current version).
 */
public final class ETags {

    private static final Pattern STRONG = Pattern.compile("\"(\\d{1,18})\"");

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    public static long requireIfMatch(String header) {
        if (header == null || header.isBlank()) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED, "send the document's ETag in If-Match to change it");
        }
        Matcher m = STRONG.matcher(header.trim());
        if (!m.matches()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "If-Match must be a single strong ETag such as \"3\"");
        }
        return Long.parseLong(m.group(1));
    }

    public static void check(long expected, long current) {
        if (expected != current) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "the document has changed since you read it; reload it and retry");
        }
    }
}
