package dev.enclave.limits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;

/**
 * An operator's change to a tenant's limits, read as a JSON merge patch (RFC 7396): a field that is absent stays
 * as it is, a number sets the override, {@code null} removes it (back to the plan's default); {@code plan}
 * moves the tenant to another plan. Usage is never reset by a change.
 */
record LimitsPatch(Optional<String> plan, Map<Field, Optional<Long>> overrides) {

    /** The overridable limits, their JSON names and allowed ranges. */
    enum Field {
        REQUESTS_PER_SECOND("requestsPerSecond", 1, 1_000_000),
        BURST("burst", 1, 10_000_000),
        MAX_IN_FLIGHT("maxInFlight", 1, 100_000),
        STORAGE_BYTES("storageBytes", 0, 1L << 50),
        AI_TOKENS_PER_MONTH("aiTokensPerMonth", 0, 1_000_000_000_000L),
        BACKGROUND_CONCURRENCY("backgroundConcurrency", 1, 256);

        final String json;
        final long min;
        final long max;

        Field(String json, long min, long max) {
            this.json = json;
            this.min = min;
            this.max = max;
        }

        static Optional<Field> named(String json) {
            for (Field field : values()) {
                if (field.json.equals(json)) {
                    return Optional.of(field);
                }
            }
            return Optional.empty();
        }

        void set(TenantLimitsEntity row, Long value) {
            switch (this) {
                case REQUESTS_PER_SECOND -> row.requestsPerSecond = value == null ? null : value.intValue();
                case BURST -> row.burst = value == null ? null : value.intValue();
                case MAX_IN_FLIGHT -> row.maxInFlight = value == null ? null : value.intValue();
                case STORAGE_BYTES -> row.storageBytes = value;
                case AI_TOKENS_PER_MONTH -> row.aiTokensPerMonth = value;
                case BACKGROUND_CONCURRENCY -> row.backgroundConcurrency = value == null ? null : value.intValue();
            }
        }
    }

    static LimitsPatch parse(ObjectNode body) {
        if (body == null || body.isEmpty()) {
            throw invalid("the body must name at least one limit or the plan");
        }
        Optional<String> plan = Optional.empty();
        Map<Field, Optional<Long>> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (name.equals("plan")) {
                if (!value.isTextual() || value.asText().isBlank()) {
                    throw invalid("plan must be the name of a plan");
                }
                plan = Optional.of(value.asText());
                continue;
            }
            Field field = Field.named(name).orElseThrow(() -> new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "unknown field '" + (name.length() > 60 ? name.substring(0, 60) + "..." : name) + "'"));
            if (value.isNull()) {
                overrides.put(field, Optional.empty());
            } else if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= field.min && value.asLong() <= field.max) {
                overrides.put(field, Optional.of(value.asLong()));
            } else {
                throw invalid(name + " must be null or an integer between " + field.min + " and " + field.max);
            }
        }
        return new LimitsPatch(plan, overrides);
    }

    /** A short account of the change for the audit log, e.g. {@code plan=pro burst=50 storageBytes=default}. */
    String describe() {
        StringBuilder text = new StringBuilder();
        plan.ifPresent(p -> text.append("plan=").append(p));
        overrides.forEach((field, value) -> text.append(text.isEmpty() ? "" : " ").append(field.json).append('=')
                .append(value.map(String::valueOf).orElse("default")));
        return text.toString();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, detail);
    }
}
