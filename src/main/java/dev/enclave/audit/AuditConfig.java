package dev.enclave.audit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The audit writer (enclave.audit.*): records of the request path wait in a bounded queue for their own connection. */
@ConfigMapping(prefix = "enclave.audit")
public interface AuditConfig {

    /** Records waiting to be written, at most; a full queue makes the request wait (below), never drops a record. */
    @WithDefault("4096")
    int queueCapacity();

    /** A request that cannot queue its record within this time is answered 503: nothing is done unaudited. */
    @WithDefault("2s")
    Duration queueMaxWait();

    /** How long an operator's audit read waits for records queued before it (so it sees its own past denials). */
    @WithDefault("5s")
    Duration readWait();
}
