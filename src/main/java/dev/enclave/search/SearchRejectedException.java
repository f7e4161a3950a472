package dev.enclave.search;

/** The search node answered with a client error (4xx other than 429): permanent for this request. */
class SearchRejectedException extends RuntimeException {

    private final int status;
    private final String errorType;

    SearchRejectedException(int status, String errorType) {
        super("search node rejected the request: " + status + " " + errorType, null, false, false);
        this.status = status;
        this.errorType = errorType;
    }

    int status() {
        return status;
    }

    String errorType() {
        return errorType;
    }
}
