package dev.enclave.offboarding;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.enclave.audit.AuditLog;
import dev.enclave.audit.AuditOutcome;
import dev.enclave.jobs.JobContext;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantRegistry;
import dev.enclave.tenancy.TenantStatus;

/**
 * The end of a purge: every store counted again, from the store itself (PostgreSQL as the owner), into a receipt
 * with its digest; the receipt stored and the tenant moved to {@code deleted} in one transaction (its id may be
 * provisioned again from then on), then the receipt's digest in the audit log. A run resumed at any point of this
 * stores nothing twice: the receipt is per job, and the audit record is written when the log does not have it.
 */
@ApplicationScoped
class PurgeCompletion {

    private final TenantRows rows;
    private final PurgeReceipts receipts;
    private final Transitions transitions;
    private final AuditLog audit;
    private final ObjectMapper json;

    PurgeCompletion(TenantRows rows, PurgeReceipts receipts, Transitions transitions, AuditLog audit, ObjectMapper json) {
        this.rows = rows;
        this.receipts = receipts;
        this.transitions = transitions;
        this.audit = audit;
        this.json = json;
    }

    boolean hasReceipt(JobContext job) {
        return receipts.ofJob(job.tenant(), job.id()).isPresent();
    }

    /** Writes (or, resumed, finds) the job's receipt and its audit record; answers the job's result. */
    JsonNode finish(JobContext job, ObjectNode state, List<TenantStore> stores) {
        TenantId tenant = job.tenant();
        if (!hasReceipt(job)) {
            ObjectNode receipt = receipt(job, state, stores);
            if (!receipt.path("complete").asBoolean()) {
                throw new IllegalStateException("the purge left data behind; purging again: " + receipt.path("stores"));
            }
            store(tenant, job, receipt, ReceiptDigest.of(receipt));
        }
        PurgeReceipts.Stored stored = receipts.ofJob(tenant, job.id()).orElseThrow();
        if (!receipts.audited(tenant, stored.digest())) {
            audit.jobEnded(job.createdBy(), "tenants/" + tenant.value() + "/receipt", PurgeJob.AUDIT_ACTION, tenant,
                    AuditOutcome.ALLOWED, summary(stored));
        }
        ObjectNode result = json.createObjectNode();
        result.put("receipt", "/admin/v1/tenants/" + tenant.value() + "/receipt");
        result.put("digest", stored.digest());
        return result;
    }

    /** The receipt and the move to deleted commit together: never deleted without a receipt, nor the reverse. */
    private void store(TenantId tenant, JobContext job, ObjectNode receipt, String digest) {
        QuarkusTransaction.requiringNew().run(() -> {
            receipts.insert(tenant, job.id(), receipt, digest);
            transitions.move(tenant, EnumSet.of(TenantStatus.PURGING), TenantStatus.DELETED, "purged; receipt sha256:" + digest, null);
        });
    }

    private ObjectNode receipt(JobContext job, ObjectNode state, List<TenantStore> stores) {
        TenantId tenant = job.tenant();
        ObjectNode receipt = json.createObjectNode();
        receipt.put("tenant", tenant.value());
        receipt.put("job", job.id().toString());
        receipt.put("reason", state.path("reason").asText());
        receipt.put("requested_by", job.createdBy());
        receipt.put("started_at", state.path("started_at").asText());
        ObjectNode all = receipt.putObject("stores");
        JsonNode before = state.path("before");
        long left = 0;

        Map<String, Long> after = rows.counts(tenant);
        ObjectNode postgres = all.putObject("postgresql");
        ObjectNode tables = json.createObjectNode();
        long beforeRows = 0;
        for (var table : before.path("postgresql").properties()) {
            beforeRows += table.getValue().asLong();
            tables.putObject(table.getKey()).put("before", table.getValue().asLong()).put("after", after.getOrDefault(table.getKey(), 0L));
        }
        after.forEach((table, count) -> {
            if (!tables.has(table)) { // a table added while the purge ran
                tables.putObject(table).put("before", 0L).put("after", count);
            }
        });
        long afterRows = TenantRows.total(after);
        left += afterRows;
        postgres.put("before", beforeRows).put("after", afterRows);
        postgres.put("counted_by", "tenant_row_counts(tenant): every table with a tenant_id column, counted by the database owner");
        postgres.put("meaning", "the tenant's rows in every tenant table, deleted in small batches by purge_tenant_rows; "
                + "the global audit log and this receipt are kept");
        postgres.set("tables", tables);

        for (TenantStore store : stores) {
            long count = store.count(tenant);
            left += count;
            all.putObject(store.name()).put("before", before.path(store.name()).asLong()).put("after", count)
                    .put("counted_by", store.countedBy()).put("meaning", store.meaning());
        }
        ObjectNode caches = receipt.putObject("caches");
        caches.put("this_instance_forgotten_at", state.path("caches_forgotten_at").asText());
        caches.put("other_instances", "their cached registry entries of the tenant expire within " + TenantRegistry.TTL.toSeconds()
                + " s; the tenant was refused by every instance since its offboarding");
        receipt.set("kafka", state.path("kafka"));
        receipt.put("complete", left == 0);
        receipt.put("finished_at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        return receipt;
    }

    private static String summary(PurgeReceipts.Stored stored) {
        StringBuilder text = new StringBuilder("receipt sha256:").append(stored.digest()).append(" of purge job ").append(stored.job())
                .append(":");
        stored.receipt().path("stores").properties().forEach(store -> text.append(' ').append(store.getKey()).append(' ')
                .append(store.getValue().path("before").asLong()).append("->").append(store.getValue().path("after").asLong()));
        text.append("; kafka: ").append(stored.receipt().path("kafka").path("published_events").asLong())
                .append(" published events, all expired by ").append(stored.receipt().path("kafka").path("all_expired_by").asText("n/a"));
        return text.toString();
    }
}
