package dev.enclave.portability;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes one entity's records to a local NDJSON file, one line each, hashing and digesting as it goes. */
final class NdjsonFileWriter implements AutoCloseable {

    private final BundleEntity entity;
    private final ObjectMapper json;
    private final MessageDigest sha256 = ContentDigest.sha256();
    private final ContentDigest content;
    private final OutputStream out;
    private long count;

    NdjsonFileWriter(Path file, BundleEntity entity, ObjectMapper json) throws IOException {
        this.entity = entity;
        this.json = json;
        this.content = new ContentDigest(json, entity.contentFields());
        this.out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024), sha256);
    }

    void write(ObjectNode record) throws IOException {
        out.write(json.writeValueAsBytes(record));
        out.write('\n');
        content.add(record);
        count++;
    }

    long count() {
        return count;
    }

    /** Closes the file; answers its manifest entry. */
    Manifest.Entry finish() throws IOException {
        out.close();
        return new Manifest.Entry(entity.entity(), entity.fileName(), count, ContentDigest.hex(sha256.digest()), content.hex(),
                entity.contentFields());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
