package dev.enclave.events;

import java.util.List;
import java.util.Optional;

/**
 * The domain events there are: each type's name on the wire, its aggregate and the snapshot its {@code data} holds.
 * Producers record and consumers handle them by these constants, so a type's name is spelled here only.
 */
public final class EventType<S> {

    public static final EventType<MemberSnapshot> MEMBER_CREATED = new EventType<>("MemberCreated", Aggregate.MEMBER, MemberSnapshot.class);
    public static final EventType<MemberSnapshot> MEMBER_UPDATED = new EventType<>("MemberUpdated", Aggregate.MEMBER, MemberSnapshot.class);
    public static final EventType<DeletedMember> MEMBER_DELETED = new EventType<>("MemberDeleted", Aggregate.MEMBER, DeletedMember.class);
    public static final EventType<ProjectSnapshot> PROJECT_CREATED = new EventType<>("ProjectCreated", Aggregate.PROJECT, ProjectSnapshot.class);
    public static final EventType<ProjectSnapshot> PROJECT_UPDATED = new EventType<>("ProjectUpdated", Aggregate.PROJECT, ProjectSnapshot.class);
    public static final EventType<DeletedProject> PROJECT_DELETED = new EventType<>("ProjectDeleted", Aggregate.PROJECT, DeletedProject.class);
    public static final EventType<DocumentSnapshot> DOCUMENT_CREATED = new EventType<>("DocumentCreated", Aggregate.DOCUMENT, DocumentSnapshot.class);
    public static final EventType<DocumentSnapshot> DOCUMENT_UPDATED = new EventType<>("DocumentUpdated", Aggregate.DOCUMENT, DocumentSnapshot.class);
    public static final EventType<DeletedDocument> DOCUMENT_DELETED = new EventType<>("DocumentDeleted", Aggregate.DOCUMENT, DeletedDocument.class);
    public static final EventType<SettingsSnapshot> SETTINGS_CHANGED = new EventType<>("SettingsChanged", Aggregate.SETTINGS, SettingsSnapshot.class);

    public static final List<EventType<?>> ALL = List.of(MEMBER_CREATED, MEMBER_UPDATED, MEMBER_DELETED, PROJECT_CREATED,
            PROJECT_UPDATED, PROJECT_DELETED, DOCUMENT_CREATED, DOCUMENT_UPDATED, DOCUMENT_DELETED, SETTINGS_CHANGED);

    private final String name;
    private final Aggregate aggregate;
    private final Class<S> snapshot;

    private EventType(String name, Aggregate aggregate, Class<S> snapshot) {
        this.name = name;
        this.aggregate = aggregate;
        this.snapshot = snapshot;
    }

    /** The type of an event value, if it is one of ours. */
    public static Optional<EventType<?>> of(String name) {
        return ALL.stream().filter(t -> t.name.equals(name)).findFirst();
    }

    /** The name on the wire, e.g. {@code DocumentCreated}. */
    public String wireName() {
        return name;
    }

    public Aggregate aggregate() {
        return aggregate;
    }

    public Class<S> snapshot() {
        return snapshot;
    }

    @Override
    public String toString() {
        return name;
    }
}
