package dev.enclave.jobs;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An operator job as the API shows it: its progress ({@code done} of {@code total}, in the step's own unit) and,
 * once it finished, its result or the error it failed with.
 */
public record JobView(UUID id, String tenant, String kind, JobState state, String step, long done, Long total,
        JsonNode result, String error, int attempts, String createdBy, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, OffsetDateTime finishedAt) {
}
