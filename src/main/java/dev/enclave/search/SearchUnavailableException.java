package dev.enclave.search;

/** The search node cannot be reached or is overloaded: transient, retried by the indexer, 503 for searches. */
class SearchUnavailableException extends RuntimeException {
    SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
