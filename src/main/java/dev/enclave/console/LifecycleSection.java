package dev.enclave.console;

import java.util.List;

/**
 * The tenant page's exports and offboarding: the tenant's recent exports (as {@code GET .../exports} lists them), the
 * receipt of its purge once there is one (as {@code GET .../receipt} answers it), and what the last form said (each
 * message null when there is nothing to say).
 */
public record LifecycleSection(List<Export> exports, Receipt receipt, String exportNotice, String exportError, String offboardNotice,
        String offboardError) {

    /** One export: its progress and, once it succeeded, where its bundle is. */
    public record Export(String id, String state, String step, long done, Long total, String createdAt, String finishedAt,
            String prefix, String error) {

        public boolean running() {
            return "queued".equals(state) || "running".equals(state);
        }
    }

    /** A purge receipt, summed up: its digest and every store's count before and after. */
    public record Receipt(String digest, String job, String createdAt, boolean complete, List<StoreCount> stores) {
    }

    public record StoreCount(String store, long before, long after) {
    }

    /** Whether an export has not finished yet: the page then reloads itself to show its progress. */
    public boolean exportRunning() {
        return exports.stream().anyMatch(Export::running);
    }

    /** With the notice for {@code ?lifecycle=} after one of its forms: only our own words, never the query's text. */
    LifecycleSection after(String done) {
        if ("exporting".equals(done)) {
            return new LifecycleSection(exports, receipt, "Export started.", exportError, offboardNotice, offboardError);
        }
        String text = "offboarding".equals(done) ? "Tenant offboarding: its data is purged when the grace period ends."
                : "cancelled".equals(done) ? "Offboarding cancelled: the tenant is active again." : null;
        return new LifecycleSection(exports, receipt, exportNotice, exportError, text, offboardError);
    }

    LifecycleSection withExportError(String text) {
        return new LifecycleSection(exports, receipt, exportNotice, text, offboardNotice, offboardError);
    }

    LifecycleSection withOffboardError(String text) {
        return new LifecycleSection(exports, receipt, exportNotice, exportError, offboardNotice, text);
    }
}
