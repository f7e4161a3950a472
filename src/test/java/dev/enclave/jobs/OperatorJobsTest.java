package dev.enclave.jobs;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/** Operator jobs run to the end, show their progress, are retried after a failure and resumed after a crash. */
@QuarkusTest
class OperatorJobsTest {

    private static final TenantId ACME = new TenantId("acme");

    @Inject
    OperatorJobs jobs;

    @Test
    void aJobRunsToTheEndAndShowsItsProgressAndResult() {
        JobView started = jobs.start("test-count", ACME, params(5));
        JobView done = finished(started.id());
        assertThat(done.state(), is(JobState.SUCCEEDED));
        assertThat(done.done(), is(5L));
        assertThat(done.total(), is(5L));
        assertThat(done.result().path("counted").asInt(), is(5));
        assertThat(CountingJob.APPLIED.get(started.id()), contains(1, 2, 3, 4, 5));
    }

    @Test
    void aFailedAttemptIsRetriedFromItsCheckpointWithoutRedoingWork() {
        ObjectNode params = params(6).put("failAt", 4);
        JobView done = finished(jobs.start("test-count", ACME, params).id());
        assertThat(done.state(), is(JobState.SUCCEEDED));
        assertThat(done.attempts(), is(2));
        assertThat(CountingJob.APPLIED.get(done.id()), contains(1, 2, 3, 4, 5, 6));
    }

    @Test
    void aJobThatCannotSucceedFailsAtOnce() {
        JobView done = finished(jobs.start("test-count", ACME, params(3).put("fatal", true)).id());
        assertThat(done.state(), is(JobState.FAILED));
        assertThat(done.attempts(), is(1));
        assertThat(done.error(), containsString("asked to fail"));
    }

    @Test
    void aJobWhoseInstanceDiedIsTakenOverFromItsLastCheckpoint() throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection app = TestDatabase.asApp(); PreparedStatement orphan = app.prepareStatement("""
                insert into operator_jobs (id, tenant, kind, state, params, step, checkpoint, done, total, attempts,
                                           lease_owner, lease_until, created_by)
                values (?, 'acme', 'test-count', 'running', '{"items": 7}', 'counting', '4', 4, 7, 1,
                        'instance-killed', now() - interval '1 second', 'root')""")) {
            orphan.setObject(1, id);
            orphan.executeUpdate();
        }
        JobView done = finished(id);
        assertThat(done.state(), is(JobState.SUCCEEDED));
        assertThat(CountingJob.APPLIED.get(id), contains(5, 6, 7));
    }

    @Test
    void anotherTenantsJobIsNotFound() {
        JobView started = jobs.start("test-count", ACME, params(1));
        assertThat(jobs.find(new TenantId("globex"), started.id()).isPresent(), is(false));
        assertThat(jobs.of(ACME, 500).stream().anyMatch(job -> job.id().equals(started.id())), is(true));
    }

    @Test
    void aKindWithoutHandlerIsRefusedWhenStarted() {
        assertThrows(IllegalArgumentException.class, () -> jobs.start("no-such-kind", ACME, params(1)));
    }

    private JobView finished(UUID id) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.find(ACME, id).orElseThrow(), job -> job.state().finished());
    }

    private static ObjectNode params(int items) {
        return JsonNodeFactory.instance.objectNode().put("items", items);
    }
}
