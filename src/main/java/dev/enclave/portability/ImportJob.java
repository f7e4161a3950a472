package dev.enclave.portability;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.jobs.JobContext;
import dev.enclave.jobs.JobFailedException;
import dev.enclave.jobs.JobHandler;
import dev.enclave.objectstore.BundleStore;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.search.TenantReindex;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;

/**
 * The "import" job: copies an export bundle into an empty, active tenant under new ids. Steps, each resumable:
 * {@code verify} reads every file of the bundle and checks it against the manifest, which is the export job's own
 * record in the database (the store's manifest.json must hash to what the export recorded), so a tampered bundle
 * fails the job before anything is written; then limits (the source's plan and overrides: a copy is a copy, and the
 * quota checks of the documents use them), settings, members, projects, documents, activity and usage, a batch per
 * transaction with the number of records done as the checkpoint; then {@code search} rebuilds the copy's search
 * documents. Every file is hashed again as it is imported: one changed between the two reads fails the job, with
 * the batches before it written (the job's error says so; the operator offboards the partial copy).
 * Audit entries are never imported: the copy's audit log is its own.
 */
@ApplicationScoped
class ImportJob implements JobHandler {

    static final String KIND = "import";
    private static final List<String> STEPS = List.of("verify", "limits", "settings", "members", "projects", "documents",
            "activity", "usage", "search");

    private final ImportSource source;
    private final BundleStore store;
    private final ImportWriter writer;
    private final MemberImport members;
    private final TenantReindex search;
    private final TenantScope scope;
    private final PortabilityConfig config;
    private final ObjectMapper json;

    ImportJob(ImportSource source, BundleStore store, ImportWriter writer, MemberImport members, TenantReindex search,
            TenantScope scope, PortabilityConfig config, ObjectMapper json) {
        this.scope = scope;
        this.source = source;
        this.store = store;
        this.writer = writer;
        this.members = members;
        this.search = search;
        this.config = config;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public JsonNode run(JobContext job) throws Exception {
        TenantId target = job.tenant();
        ImportSource.Bundle bundle = source.bundle(job.params());
        // "done": it stopped between its last step and its end; nothing is left but to answer.
        int resumeAt = job.step().map(s -> s.equals("done") ? STEPS.size() : Math.max(0, STEPS.indexOf(s))).orElse(0);
        long skip = job.checkpoint().map(Long::parseLong).orElse(0L);
        if (job.step().isEmpty()) {
            source.requireEmptyAndActive(target); // again: the tenant may have changed since the request
        }
        ObjectNode imported = json.createObjectNode();
        IdMap ids = null;
        for (int i = resumeAt; i < STEPS.size(); i++) {
            String step = STEPS.get(i);
            long from = i == resumeAt ? skip : 0;
            job.progress(step, Long.toString(from), from, total(bundle, step));
            switch (step) {
                case "verify" -> verify(bundle);
                case "members" -> imported.put(step, importMembers(job, bundle, from));
                // (in a request context: the rebuild reads the tenant's placement from the registry)
                case "search" -> imported.put("searchIndexed", scope.runAs(target, () -> search.reindex(target)));
                case "limits", "settings" -> imported.put(step, importFile(job, bundle, BundleEntity.of(step), from,
                        new IdMap(job.id(), Map.of(), Map.of(), null)));
                default -> {
                    ids = ids != null ? ids : idMap(job, bundle); // once the members are in
                    imported.put(step, importFile(job, bundle, BundleEntity.of(step), from, ids));
                }
            }
        }
        job.progress("done", "0", STEPS.size(), (long) STEPS.size());
        ObjectNode result = json.createObjectNode();
        result.put("sourceTenant", bundle.tenant().value());
        result.put("export", bundle.export().toString());
        result.put("prefix", Bundles.prefix(bundle.tenant(), bundle.export()));
        result.set("imported", imported);
        result.put("auditEntries", "not imported: the copy's audit log is its own");
        return result;
    }

    private Long total(ImportSource.Bundle bundle, String step) {
        return switch (step) {
            case "verify", "search" -> null;
            default -> bundle.manifest().file(BundleEntity.of(step)).count();
        };
    }

    private void verify(ImportSource.Bundle bundle) throws IOException {
        MessageDigest sha256 = ContentDigest.sha256();
        try (InputStream manifest = object(bundle, Bundles.MANIFEST)) {
            sha256.update(manifest.readAllBytes()); // small: counts and digests
        } catch (JobFailedException e) {
            throw new JobFailedException(e.getMessage() + "; nothing was imported");
        }
        if (!ContentDigest.hex(sha256.digest()).equals(bundle.manifestSha256())) {
            throw new JobFailedException("the bundle's manifest.json is not the one the export wrote: it was changed; nothing was imported");
        }
        for (Manifest.Entry file : bundle.manifest().files()) {
            try (BundleReader reader = open(bundle, BundleEntity.of(file.entity()))) {
                reader.verifyToEnd();
            } catch (JobFailedException e) {
                throw new JobFailedException(e.getMessage() + "; nothing was imported");
            }
        }
    }

    private long importMembers(JobContext job, ImportSource.Bundle bundle, long from) throws IOException {
        long done = 0;
        try (BundleReader reader = open(bundle, BundleEntity.MEMBERS)) {
            for (ObjectNode member = skipTo(reader, from); member != null; member = reader.next()) {
                members.importMember(job.tenant(), job.id(), member);
                done++;
                if ((from + done) % config.batchSize() == 0) {
                    job.progress("members", Long.toString(from + done), from + done, bundle.manifest().file(BundleEntity.MEMBERS).count());
                }
            }
        }
        return from + done;
    }

    private long importFile(JobContext job, ImportSource.Bundle bundle, BundleEntity entity, long from, IdMap ids) throws IOException {
        long done = from;
        long total = bundle.manifest().file(entity).count();
        List<ObjectNode> batch = new ArrayList<>(config.batchSize());
        try (BundleReader reader = open(bundle, entity)) {
            for (ObjectNode record = skipTo(reader, from); record != null; record = reader.next()) {
                batch.add(record);
                if (batch.size() == config.batchSize()) {
                    done = flush(job, entity, batch, ids, done, total);
                }
            }
        }
        // The last batch only once the file matched its manifest (the reader checked at its end).
        return flush(job, entity, batch, ids, done, total);
    }

    private long flush(JobContext job, BundleEntity entity, List<ObjectNode> batch, IdMap ids, long done, long total) {
        if (batch.isEmpty()) {
            return done;
        }
        try {
            writer.write(job.tenant(), entity, batch, ids, job.createdBy());
        } catch (ProblemException e) {
            if (e.type() == ProblemType.QUOTA_EXCEEDED) {
                throw new JobFailedException("the target's storage quota is too small for the bundle: " + e.getMessage());
            }
            throw e;
        }
        long now = done + batch.size();
        batch.clear();
        job.progress(entity.entity(), Long.toString(now), now, total);
        return now;
    }

    /** The old → new maps of members and the copy's settings row, read again on every run (members are few). */
    private IdMap idMap(JobContext job, ImportSource.Bundle bundle) throws IOException {
        Map<UUID, UUID> memberIds = new HashMap<>();
        Map<String, String> subjects = new HashMap<>();
        try (BundleReader reader = open(bundle, BundleEntity.MEMBERS)) {
            for (ObjectNode member = reader.next(); member != null; member = reader.next()) {
                var existing = members.existing(job.tenant(), member.path("email").asText());
                if (existing.isPresent()) {
                    memberIds.put(ImportWriter.uuid(member, "id"), UUID.fromString(existing.get()[0]));
                    String oldSubject = ImportWriter.text(member, "subject");
                    if (oldSubject != null && existing.get()[1] != null) {
                        subjects.put(oldSubject, existing.get()[1]);
                    }
                }
            }
        }
        return new IdMap(job.id(), memberIds, subjects, source.settingsId(job.tenant()).orElse(null));
    }

    private BundleReader open(ImportSource.Bundle bundle, BundleEntity entity) {
        Manifest.Entry file = bundle.manifest().file(entity);
        return new BundleReader(object(bundle, file.file()), file, json);
    }

    /** An object of the bundle; one that is gone (the bundle was deleted) fails the job rather than being retried. */
    private InputStream object(ImportSource.Bundle bundle, String file) {
        try {
            return store.open(Bundles.key(bundle.tenant(), bundle.export(), file));
        } catch (ProblemException e) {
            if (e.type() == ProblemType.NOT_FOUND) {
                throw new JobFailedException("the bundle's " + file + " is not in the object store any more");
            }
            throw e;
        }
    }

    private static ObjectNode skipTo(BundleReader reader, long from) throws IOException {
        for (long i = 0; i < from; i++) {
            if (!reader.skip()) {
                return null;
            }
        }
        return reader.next();
    }
}
