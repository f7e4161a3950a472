package dev.enclave.usage;

/** What one batch of events changes in a tenant's counters. */
final class UsageDelta {
    long members;
    long projects;
    long documents;
    long storedBytes; // not stored: the storage quota's counter is the one count of stored bytes
    long events;

    void count(String kind, long change) {
        switch (kind) {
            case UsageMeter.MEMBER -> members += change;
            case UsageMeter.PROJECT -> projects += change;
            case UsageMeter.DOCUMENT -> documents += change;
            default -> throw new IllegalArgumentException("unknown aggregate type");
        }
    }
}
