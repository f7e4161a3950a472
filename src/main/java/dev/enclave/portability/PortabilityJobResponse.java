package dev.enclave.portability;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.jobs.JobView;

/**
 * An export or import as operators see it: its state, its progress ({@code step}, {@code done} of {@code total}
 * records of that step) and, once finished, its result (an export: {@code bucket}, {@code prefix}, {@code manifest},
 * {@code manifestSha256}) or its error.
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record PortabilityJobResponse(UUID id, String tenant, String kind, String state, String step, long done, Long total,
        int attempts, String error, String createdBy, OffsetDateTime createdAt, OffsetDateTime finishedAt, JsonNode result) {

    static PortabilityJobResponse of(JobView job) {
        return new PortabilityJobResponse(job.id(), job.tenant(), job.kind(), job.state().name().toLowerCase(), job.step(),
                job.done(), job.total(), job.attempts(), job.error(), job.createdBy(), job.createdAt(), job.finishedAt(),
                job.result());
    }
}
