package dev.enclave.console;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.enclave.offboarding.PurgeReceipts;
import dev.enclave.portability.PortabilityJobResponse;
import dev.enclave.portability.TenantExports;
import dev.enclave.tenancy.TenantId;

/** Reads the tenant page's exports and purge receipt through the services the admin API answers with. */
@ApplicationScoped
class TenantLifecycleReader {

    /** Exports shown on the page (the API lists up to 20). */
    static final int EXPORTS = 5;

    private final TenantExports exports;
    private final PurgeReceipts receipts;

    TenantLifecycleReader(TenantExports exports, PurgeReceipts receipts) {
        this.exports = exports;
        this.receipts = receipts;
    }

    LifecycleSection read(String tenant) {
        List<LifecycleSection.Export> rows = exports.latest(tenant).stream().limit(EXPORTS).map(TenantLifecycleReader::export).toList();
        LifecycleSection.Receipt receipt = receipts.latest(new TenantId(tenant)).map(TenantLifecycleReader::receipt).orElse(null);
        return new LifecycleSection(rows, receipt, null, null, null, null);
    }

    private static LifecycleSection.Export export(PortabilityJobResponse job) {
        String prefix = job.result() == null ? null : job.result().path("prefix").asText(null);
        return new LifecycleSection.Export(job.id().toString(), job.state(), job.step(), job.done(), job.total(),
                String.valueOf(job.createdAt()), job.finishedAt() == null ? null : job.finishedAt().toString(),
                "succeeded".equals(job.state()) ? prefix : null, job.error());
    }

    private static LifecycleSection.Receipt receipt(PurgeReceipts.Stored stored) {
        List<LifecycleSection.StoreCount> stores = new ArrayList<>();
        for (var store : stored.receipt().path("stores").properties()) {
            JsonNode counts = store.getValue();
            stores.add(new LifecycleSection.StoreCount(store.getKey(), counts.path("before").asLong(), counts.path("after").asLong()));
        }
        return new LifecycleSection.Receipt(stored.digest(), String.valueOf(stored.job()), String.valueOf(stored.createdAt()),
                stored.receipt().path("complete").asBoolean(false), stores);
    }
}
