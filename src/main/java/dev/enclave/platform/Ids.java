package dev.enclave.platform;

import java.util.UUID;
import java.util.regex.Pattern;

/** Path ids arrive as text so that a malformed one is a clear 400, not a framework 404. */
public final class Ids {

    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    public static UUID parse(String raw) {
        if (raw == null || !UUID_SHAPE.matcher(raw).matches()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "id must be a UUID");
        }
        return UUID.fromString(raw);
    }
}
