package dev.enclave.offboarding;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.jobs.JobContext;
import dev.enclave.jobs.JobFailedException;
import dev.enclave.jobs.JobHandler;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantStatus;
import dev.enclave.tenant.TenantLifecycle;

/**
 * The {@code purge} job: removes everything of a purging tenant from every store, then leaves a receipt
 * ({@link PurgeCompletion}). Resumable: the "before" counts are taken once and saved in the checkpoint with the step
 * reached, PostgreSQL rows go in small batches with a checkpoint after each, and every step only removes what is
 * left, so a run resumed after {@code kill -9} (by any instance, once the lease ran out) finishes the work.
 */
@ApplicationScoped
class PurgeJob implements JobHandler {

    static final String KIND = "purge";
    static final String AUDIT_ACTION = "purge-receipt";
    static final String ROWS = "purge:postgresql";
    static final String CACHES = "purge:caches";
    static final String RECEIPT = "receipt";

    private final TenantRows rows;
    private final List<TenantStore> stores;
    private final KafkaRetention kafka;
    private final TenantLifecycle lifecycle;
    private final PurgeCompletion completion;
    private final OffboardingConfig config;
    private final ObjectMapper json;

    PurgeJob(TenantRows rows, SearchDocuments search, RedisKeys redis, KeycloakUsers keycloak, ExportBundles objects,
            KafkaRetention kafka, TenantLifecycle lifecycle,
            PurgeCompletion completion, OffboardingConfig config, ObjectMapper json) {
        this.rows = rows;
        this.stores = List.of(search, redis, keycloak, objects);
        this.kafka = kafka;
        this.lifecycle = lifecycle;
        this.completion = completion;
        this.config = config;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public JsonNode run(JobContext job) throws Exception {
        TenantId tenant = job.tenant();
        TenantStatus status = lifecycle.current(tenant).orElse(null);
        if (status == TenantStatus.DELETED && completion.hasReceipt(job)) {
            return completion.finish(job, null, stores); // resumed after the receipt was stored
        }
        if (status != TenantStatus.PURGING) {
            throw new JobFailedException("the tenant is " + (status == null ? "not registered" : status.name().toLowerCase())
                    + ", not purging");
        }
        ObjectNode state = job.checkpoint().map(this::read).orElse(null);
        if (state == null) {
            state = before(job);
            job.progress(ROWS, write(state), 0, state.path("before_rows").asLong());
        }
        List<String> steps = steps();
        for (int i = Math.max(0, steps.indexOf(job.step().orElse(ROWS))); i < steps.size(); i++) {
            step(steps.get(i), job, state);
            job.progress(i + 1 < steps.size() ? steps.get(i + 1) : RECEIPT, write(state), state.path("deleted_rows").asLong(),
                    state.path("before_rows").asLong());
        }
        return completion.finish(job, state, stores);
    }

    private List<String> steps() {
        List<String> steps = new ArrayList<>();
        steps.add(ROWS);
        stores.forEach(store -> steps.add("purge:" + store.name()));
        steps.add(CACHES);
        steps.add(RECEIPT);
        return steps;
    }

    /** The "before" of every store, once: saved in the checkpoint, so a resumed run still has them. */
    private ObjectNode before(JobContext job) {
        TenantId tenant = job.tenant();
        ObjectNode state = json.createObjectNode();
        state.put("started_at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        state.put("reason", job.params().path("reason").asText(""));
        ObjectNode before = state.putObject("before");
        Map<String, Long> counts = rows.counts(tenant);
        ObjectNode tables = before.putObject("postgresql");
        counts.forEach(tables::put);
        stores.forEach(store -> before.put(store.name(), store.count(tenant)));
        state.set("kafka", kafka.statement(tenant));
        state.put("before_rows", TenantRows.total(counts));
        state.put("deleted_rows", 0L);
        return state;
    }

    private void step(String step, JobContext job, ObjectNode state) throws InterruptedException {
        TenantId tenant = job.tenant();
        if (step.equals(ROWS)) {
            purgeRows(job, state);
        } else if (step.equals(CACHES)) {
            // this instance now; every other one within TenantRegistry.TTL (its entries expire)
            lifecycle.forget(tenant);
            state.put("caches_forgotten_at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        } else if (!step.equals(RECEIPT)) {
            stores.stream().filter(store -> step.equals("purge:" + store.name())).findFirst().orElseThrow().purge(tenant);
        }
    }

    /** Batch by batch, a checkpoint after each, until every tenant table has 0 rows of the tenant. */
    private void purgeRows(JobContext job, ObjectNode state) throws InterruptedException {
        TenantId tenant = job.tenant();
        rows.prepare(tenant);
        while (true) {
            Map<String, Long> counts = rows.counts(tenant);
            if (TenantRows.total(counts) == 0) {
                return;
            }
            boolean progressed = false;
            for (String table : rows.inPurgeOrder(counts)) {
                if (counts.get(table) == 0) {
                    continue;
                }
                long deleted;
                while ((deleted = rows.deleteBatch(tenant, table, config.batchSize())) > 0) {
                    progressed = true;
                    state.put("deleted_rows", state.path("deleted_rows").asLong() + deleted);
                    job.progress(ROWS, write(state), state.path("deleted_rows").asLong(), state.path("before_rows").asLong());
                    if (!config.batchPause().isZero()) {
                        Thread.sleep(config.batchPause().toMillis());
                    }
                }
            }
            if (!progressed) {
                throw new IllegalStateException("rows of the tenant are left that cannot be deleted: " + counts);
            }
        }
    }

    private ObjectNode read(String checkpoint) {
        try {
            return (ObjectNode) json.readTree(checkpoint);
        } catch (JsonProcessingException e) {
            throw new JobFailedException("the checkpoint is not readable: " + e.getOriginalMessage());
        }
    }

    private String write(ObjectNode state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
