package dev.enclave.portability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.jobs.JobContext;
import dev.enclave.jobs.JobHandler;
import dev.enclave.objectstore.BundleStore;
import dev.enclave.objectstore.ObjectStoreConfig;
import dev.enclave.tenancy.TenantId;

/**
 * The "export" job: writes a tenant's bundle to the object store, one entity file at a time. Each file is streamed
 * from the database ({@link TenantRowStream}) into a local temporary file while it is hashed, uploaded, and the
 * temporary file deleted; then the job's checkpoint records the file's manifest entry. A crashed export resumes
 * after its last uploaded file, so it redoes at most the file it was writing. {@code manifest.json} goes last: a
 * bundle with a manifest is complete. The job's result names the bundle and holds the manifest and its SHA-256,
 * which an import trusts over the store's copy.
 */
@ApplicationScoped
class ExportJob implements JobHandler {

    static final String KIND = "export";

    /** What survives between attempts: when, at which schema, and the files already uploaded. */
    @io.quarkus.runtime.annotations.RegisterForReflection // read and written by Jackson
    record Progress(String exportedAt, String schemaVersion, List<Manifest.Entry> files) {
    }

    private final TenantRowStream rows;
    private final BundleStore store;
    private final ObjectStoreConfig storeConfig;
    private final SchemaVersion schema;
    private final PortabilityConfig config;
    private final ObjectMapper json;

    ExportJob(TenantRowStream rows, BundleStore store, ObjectStoreConfig storeConfig, SchemaVersion schema,
            PortabilityConfig config, ObjectMapper json) {
        this.rows = rows;
        this.store = store;
        this.storeConfig = storeConfig;
        this.schema = schema;
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
        Progress progress = job.checkpoint().map(this::progress)
                .orElseGet(() -> new Progress(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), schema.current(), List.of()));
        for (BundleEntity entity : BundleEntity.values()) {
            if (progress.files().stream().anyMatch(f -> f.entity().equals(entity.entity()))) {
                continue; // uploaded by an earlier attempt
            }
            Manifest.Entry entry = export(job, progress, entity);
            List<Manifest.Entry> files = new ArrayList<>(progress.files());
            files.add(entry);
            progress = new Progress(progress.exportedAt(), progress.schemaVersion(), List.copyOf(files));
            job.progress(entity.entity(), write(progress), entry.count(), entry.count());
        }
        Manifest manifest = new Manifest(Manifest.FORMAT, progress.schemaVersion(), tenant.value(), job.id().toString(),
                progress.exportedAt(), ContentDigest.DESCRIPTION, progress.files());
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        Path file = tempFile();
        try {
            Files.write(file, bytes);
            store.put(Bundles.key(tenant, job.id(), Bundles.MANIFEST), file, "application/json");
        } finally {
            Files.deleteIfExists(file);
        }
        job.progress("manifest", write(progress), progress.files().size(), (long) progress.files().size());
        ObjectNode result = json.createObjectNode();
        result.put("bucket", storeConfig.bucket());
        result.put("prefix", Bundles.prefix(tenant, job.id()));
        result.put("manifestSha256", ContentDigest.hex(ContentDigest.sha256().digest(bytes)));
        result.set("manifest", json.valueToTree(manifest));
        return result;
    }

    private Manifest.Entry export(JobContext job, Progress progress, BundleEntity entity) throws IOException {
        Path file = tempFile();
        try {
            Manifest.Entry entry;
            String checkpoint = write(progress);
            long[] total = { 0 };
            try (NdjsonFileWriter writer = new NdjsonFileWriter(file, entity, json)) {
                rows.stream(job.tenant(), entity, count -> {
                    total[0] = count;
                    job.progress(entity.entity(), checkpoint, 0, count);
                }, record -> {
                    writer.write(record);
                    if (writer.count() % config.progressEvery() == 0) {
                        job.progress(entity.entity(), checkpoint, writer.count(), Math.max(total[0], writer.count()));
                    }
                });
                entry = writer.finish();
            }
            store.put(Bundles.key(job.tenant(), job.id(), entity.fileName()), file, Bundles.NDJSON);
            return entry;
        } finally {
            Files.deleteIfExists(file); // a crash leaves it behind in the temporary directory; the next attempt writes anew
        }
    }

    private Path tempFile() throws IOException {
        Path dir = config.tempDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "enclave-export-", ".ndjson");
    }

    private Progress progress(String checkpoint) {
        try {
            return json.readValue(checkpoint, Progress.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable export checkpoint", e);
        }
    }

    private String write(Progress progress) {
        try {
            return json.writeValueAsString(progress);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
