package dev.enclave.portability;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.identity.Account;
import dev.enclave.identity.TenantAccounts;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;

/**
 * Brings a bundle's member into the target tenant. Matched by email first: a member the target already has (its
 * provisioned owner, say) is kept as it is, and the bundle's member becomes it. Otherwise a new member row (id
 * derived, {@link IdMap}) with the same email, name and role; one that was bound to a Keycloak user in the source
 * gets a user of the target: the target's user with that email if there is one, else a new one
 * ({@link TenantAccounts#ensureUser}, username {@code <target>.<email with @ as .>}, no password: Keycloak asks the
 * person to set one and to verify the email). Keycloak emails are unique in a realm, so when the email belongs to
 * a user of another tenant (a copy of a tenant in the same deployment) the member is imported unbound: an
 * invitation, as an unbound member was in the source. Every step is idempotent, for resumed imports.
 */
@ApplicationScoped
class MemberImport {

    /** What became of one member. */
    enum Outcome {
        MATCHED, BOUND, INVITED
    }

    private final ImportWriter writer;
    private final TenantAccounts accounts;

    MemberImport(ImportWriter writer, TenantAccounts accounts) {
        this.writer = writer;
        this.accounts = accounts;
    }

    Outcome importMember(TenantId target, UUID job, ObjectNode member) {
        String email = member.path("email").asText();
        if (existing(target, email).isPresent()) {
            return Outcome.MATCHED; // also a member this import wrote before it was interrupted
        }
        String subject = ImportWriter.text(member, "subject") == null ? null : account(target, email).map(Account::id).orElse(null);
        writer.inTransaction(target, c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into members (tenant_id, id, subject, email, display_name, role, version, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")) {
                insert.setString(1, target.value());
                insert.setObject(2, IdMap.derive(job, "member", ImportWriter.uuid(member, "id")));
                if (subject == null) {
                    insert.setNull(3, Types.VARCHAR);
                } else {
                    insert.setString(3, subject);
                }
                insert.setString(4, email);
                insert.setString(5, member.path("displayName").asText());
                insert.setString(6, member.path("role").asText());
                insert.setLong(7, member.path("version").asLong());
                insert.setObject(8, ImportWriter.time(member, "createdAt"));
                insert.setObject(9, ImportWriter.time(member, "updatedAt"));
                return insert.executeUpdate();
            }
        });
        return subject == null ? Outcome.INVITED : Outcome.BOUND;
    }

    /** The target's member with this email: its id and subject (null when unbound). */
    Optional<String[]> existing(TenantId target, String email) {
        return writer.inTransaction(target, c -> {
            try (PreparedStatement select = c.prepareStatement("select id, subject from members where tenant_id = ? and email = ?")) {
                select.setString(1, target.value());
                select.setString(2, email);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new String[] { row.getString(1), row.getString(2) }) : Optional.<String[]>empty();
                }
            }
        });
    }

    private Optional<Account> account(TenantId target, String email) {
        Optional<Account> found = accounts.findByEmail(target, email);
        if (found.isPresent()) {
            return found;
        }
        try {
            return Optional.of(accounts.ensureUser(target, username(target, email), email, Optional.empty()));
        } catch (ProblemException e) {
            if (e.type() == ProblemType.CONFLICT) {
                return Optional.empty(); // the email or username is another tenant's user's: an invitation
            }
            throw e;
        }
    }

    static String username(TenantId target, String email) {
        return (target.value() + "." + email.toLowerCase(Locale.ROOT).replace('@', '.')).replaceAll("[^a-z0-9._-]", "-");
    }
}
