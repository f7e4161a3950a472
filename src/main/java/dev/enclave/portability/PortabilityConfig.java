package dev.enclave.portability;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How tenant exports and imports stream (enclave.portability.*). */
@ConfigMapping(prefix = "enclave.portability")
public interface PortabilityConfig {

    /** Rows fetched per round trip by the export's server-side cursor: the bound on rows held in memory. */
    @WithDefault("500")
    int fetchSize();

    /** Rows written per import transaction (and per checkpoint): what a crash makes the import redo at most. */
    @WithDefault("500")
    int batchSize();

    /** Rows between two progress updates of a job (done/total), within one file. */
    @WithDefault("5000")
    int progressEvery();

    /** Where an export writes each file before uploading it (one file at a time); default: java.io.tmpdir. */
    Optional<Path> tempDir();
}
