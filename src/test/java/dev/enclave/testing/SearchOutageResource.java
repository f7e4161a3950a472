package dev.enclave.testing;

import java.util.Map;

/** The search node behind a switchable relay ({@link RelayOutageResource}). */
public class SearchOutageResource extends RelayOutageResource {

    public SearchOutageResource() {
        super("search", LocalStack.Component.OPENSEARCH.port);
    }

    @Override
    Map<String, String> config(int port) {
        return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + port);
    }

    /** Brings the search node up or down for the application under test; returns once it is so. */
    public static void searchUp(boolean up) {
        relayUp("search", up);
    }
}
