package dev.enclave.events;

/** What a domain event is about: the {@code aggregateType} of the event value. */
public enum Aggregate {
    MEMBER,
    PROJECT,
    DOCUMENT,
    SETTINGS;

    /** The name on the wire: {@code member}, {@code project}, {@code document}, {@code settings}. */
    public String wireName() {
        return name().toLowerCase();
    }
}
