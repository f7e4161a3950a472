package dev.enclave.document;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;

/** Validates list filters from the query string: a hostile value is a 400 naming the rule, never a query. */
final class DocumentQueryParams {

    private DocumentQueryParams() {
    }

    static String tag(String raw) {
        if (raw != null && !raw.matches(DocumentRequests.TAG)) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, DocumentRequests.TAG_MESSAGE);
        }
        return raw;
    }

    static DocumentStatus status(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return DocumentStatus.fromJson(raw);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, e.getMessage());
        }
    }
}
