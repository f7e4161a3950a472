package dev.enclave.platform;

/** The page size a client may ask for: default 50, at most 200; anything else is a 400 naming the rule. */
public final class PageLimit {

    public static final int DEFAULT = 50;
    public static final int MAX = 200;

    private PageLimit() {
    }

    public static int parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid();
        }
        if (value < 1 || value > MAX) {
            throw invalid();
        }
        return value;
    }

    private static ProblemException invalid() {
        return new ProblemException(ProblemType.MALFORMED_REQUEST, "limit must be a whole number from 1 to " + MAX);
    }
}
