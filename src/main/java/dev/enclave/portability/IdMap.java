package dev.enclave.portability;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * How an import maps the bundle's ids to the copy's. Every new id is derived from the import job and the old id
 * (a name-based UUID), so a resumed import maps exactly as the interrupted one did and its inserts are idempotent
 * ({@code on conflict do nothing}), with no stored map. Members are the exception: one whose email the target
 * already has becomes that member (found again on resume by the same email). A reference to a row that is not
 * in the bundle (an activity entry about a deleted document) is derived the same way, so it stays consistent.
 */
final class IdMap {

    private final UUID job;
    private final Map<UUID, UUID> members;
    private final Map<String, String> subjects;
    private final UUID settings;

    /**
     * @param members old member id → the copy's member id
     * @param subjects old Keycloak subject → the copy's member subject (bound members only)
     * @param settings the copy's settings row id, or null
     */
    IdMap(UUID job, Map<UUID, UUID> members, Map<String, String> subjects, UUID settings) {
        this.job = job;
        this.members = members;
        this.subjects = subjects;
        this.settings = settings;
    }

    static UUID derive(UUID job, String kind, UUID old) {
        return UUID.nameUUIDFromBytes(("enclave-import:" + job + ":" + kind + ":" + old).getBytes(StandardCharsets.UTF_8));
    }

    UUID derive(String kind, UUID old) {
        return derive(job, kind, old);
    }

    UUID member(UUID old) {
        UUID mapped = members.get(old);
        return mapped != null ? mapped : derive("member", old);
    }

    /** An aggregate or usage item of the given kind ({@code member}, {@code project}, {@code document}, {@code settings}). */
    UUID of(String kind, UUID old) {
        return switch (kind) {
            case "member" -> member(old);
            case "settings" -> settings != null ? settings : derive(kind, old);
            default -> derive(kind, old);
        };
    }

    /** The copy's subject of a bound member, or null (an unknown or unbound creator). */
    String subject(String old) {
        return old == null ? null : subjects.get(old);
    }

    /** An activity actor: the copy's subject of a member, else as it was (an operator, {@code system}, a former member). */
    String actor(String old) {
        String mapped = subject(old);
        return mapped != null ? mapped : old;
    }
}
