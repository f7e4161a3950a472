package dev.enclave.portability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.jobs.JobFailedException;

/**
 * Reads one NDJSON file of a bundle from the object store, a line at a time, hashing every byte. At the end of the
 * file it checks the SHA-256 and the record count against the manifest: a file that differs fails the job
 * ({@link JobFailedException}): it was changed after the export, and nothing of it may be trusted.
 */
final class BundleReader implements AutoCloseable {

    private final Manifest.Entry expected;
    private final ObjectMapper json;
    private final MessageDigest sha256 = ContentDigest.sha256();
    private final BufferedReader lines;
    private long count;

    BundleReader(InputStream in, Manifest.Entry expected, ObjectMapper json) {
        this.expected = expected;
        this.json = json;
        this.lines = new BufferedReader(new InputStreamReader(new DigestInputStream(in, sha256), StandardCharsets.UTF_8), 64 * 1024);
    }

    /** The next record, or null at the end of a file that matches its manifest entry. */
    ObjectNode next() throws IOException {
        String line = nextLine();
        if (line == null) {
            return null;
        }
        try {
            return (ObjectNode) json.readTree(line);
        } catch (IOException | ClassCastException e) {
            throw new JobFailedException("bundle file " + expected.file() + ", line " + count + ": not a JSON object");
        }
    }

    /** Skips a record without parsing it (a resumed import passes what it already wrote); false at the end. */
    boolean skip() throws IOException {
        return nextLine() != null;
    }

    /** Reads to the end and checks the file (the import's verification pass). */
    long verifyToEnd() throws IOException {
        while (nextLine() != null) {
            // hashing is all
        }
        return count;
    }

    private String nextLine() throws IOException {
        String line = lines.readLine();
        if (line == null) {
            check();
            return null;
        }
        count++;
        return line;
    }

    private void check() {
        String actual = ContentDigest.hex(sha256.digest());
        if (!actual.equals(expected.sha256()) || count != expected.count()) {
            throw new JobFailedException("bundle file " + expected.file() + " does not match its manifest (SHA-256 "
                    + actual + ", " + count + " records; the manifest says " + expected.sha256() + ", " + expected.count()
                    + "): it was changed after the export");
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
