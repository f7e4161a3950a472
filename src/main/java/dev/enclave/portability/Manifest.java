package dev.enclave.portability;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A bundle's {@code manifest.json}: what was exported (tenant, export job, when, at which schema version) and, per
 * file, its record count, the SHA-256 of its bytes and its content digest ({@link ContentDigest}) with the fields
 * the digest covers, so the manifest documents itself. {@code format} is the version of the record layout: an
 * import refuses another one; {@code schemaVersion} is Flyway's version of the database exported (an import
 * refuses a bundle from a newer schema).
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
record Manifest(int format, String schemaVersion, String tenant, String export, String exportedAt, String contentDigest,
        List<Entry> files) {

    static final int FORMAT = 1;

    /** One NDJSON file of the bundle. */
    @RegisterForReflection
    record Entry(String entity, String file, long count, String sha256, String contentDigest, List<String> contentFields) {
    }

    Entry file(BundleEntity entity) {
        return files.stream().filter(f -> f.entity().equals(entity.entity())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the manifest lists no " + entity.fileName()));
    }
}
