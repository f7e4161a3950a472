package dev.enclave.usage;

/** What one batch of events changes in a tenant's counters. */
final class UsageDelta {
    long members;
    long projects;
    long documents;
    long events;

    void count(String kind, long change) {
        if (kind.equals(UsageMeter.MEMBER)) {
            members += change;
        } else if (kind.equals(UsageMeter.PROJECT)) {
            projects += change;
        } else if (kind.equals(UsageMeter.DOCUMENT)) {
            documents += change;
        } else {
            throw new IllegalArgumentException("unknown aggregate type");
        }
    }
}
