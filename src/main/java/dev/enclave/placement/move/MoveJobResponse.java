package dev.enclave.placement.move;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.jobs.JobView;

/**
 * A move as operators see it: its state, its step (capture, copy, catch-up, cut-over, switched, cleanup) with
 * {@code done} (rows copied, changes replayed, rows deleted from the source), and once finished its result (rows
 * per table, catch-up rounds, write pause, total time) or why it was rolled back ({@code error}).
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record MoveJobResponse(UUID id, String tenant, String database, String state, String step, long done, Long total,
        int attempts, String error, String createdBy, OffsetDateTime createdAt, OffsetDateTime finishedAt, JsonNode result) {

    static MoveJobResponse of(JobView job, String database) {
        return new MoveJobResponse(job.id(), job.tenant(), database, job.state().name().toLowerCase(), job.step(), job.done(),
                job.total(), job.attempts(), job.error(), job.createdBy(), job.createdAt(), job.finishedAt(), job.result());
    }
}
