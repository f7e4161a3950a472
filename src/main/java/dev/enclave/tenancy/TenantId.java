package dev.enclave.tenancy;

import java.util.regex.Pattern;

/**
 * A tenant's identifier as it appears in tokens, rows ({@code tenant_id}), Kafka headers and search documents.
 * Validated once here so that nothing downstream ever sees an empty, oversized or oddly shaped id.
 */
public record TenantId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    public TenantId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidTenantIdException();
        }
    }

    /** Parses untrusted input; an invalid id is treated like a missing one by callers. */
    public static java.util.Optional<TenantId> parse(String raw) {
        if (raw == null || !SHAPE.matcher(raw).matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new TenantId(raw));
    }

    @Override
    public String toString() {
        return value;
    }

    /** Thrown for a malformed tenant id; deliberately carries no value so logs never echo hostile input. */
    public static final class InvalidTenantIdException extends IllegalArgumentException {
        InvalidTenantIdException() {
            super("malformed tenant id");
        }
    }
}
