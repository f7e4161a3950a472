package dev.enclave.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;

/**
 * A tenant's users in Keycloak, for the control plane (provision, suspend, offboard). A user belongs to a tenant
 * through its admin-only attribute {@code tenant_id} (the token claim); this class only ever reads, changes or
 * deletes users whose attribute is exactly the tenant's id, so one tenant's operation cannot touch another's users.
 * Every method is idempotent: the control plane's jobs call them again when they resume.
 */
@ApplicationScoped
public class TenantAccounts {

    static final String TENANT_ATTRIBUTE = "tenant_id";
    private static final Logger LOG = Logger.getLogger(TenantAccounts.class);
    private static final int PAGE = 100;

    /** A person's name; Keycloak's user profile requires one before the user may sign in. */
    public record Name(String first, String last) {
    }

    private final KeycloakAdmin admin;

    TenantAccounts(KeycloakAdmin admin) {
        this.admin = admin;
    }

    /**
     * Creates the user (enabled, email not verified, {@code tenant_id} = the tenant) or returns the tenant's user of
     * that username. A username or email taken by anyone else (another tenant's user, a user of no tenant) is a 409.
     * With a password (local and test use) it is set, not temporary; without, the user must set one and verify the
     * email (required actions), and Keycloak is asked to send that email (a failure to send is logged, not thrown).
     * Without a name, a user with a password gets placeholders (username, tenant id) so that it can sign in at once;
     * one without a password is asked for it at the first sign-in.
     */
    public Account ensureUser(TenantId tenant, String username, String email, Optional<String> password) {
        return ensureUser(tenant, username, email, password, Optional.empty());
    }

    /** {@link #ensureUser(TenantId, String, String, Optional)} with the user's name. */
    public Account ensureUser(TenantId tenant, String username, String email, Optional<String> password, Optional<Name> name) {
        String wantedUsername = username.toLowerCase(Locale.ROOT); // Keycloak keeps both in lower case
        String wantedEmail = email.toLowerCase(Locale.ROOT);
        Optional<UserRepresentation> existing = byUsername(wantedUsername);
        if (existing.isEmpty()) {
            refuseTakenEmail(wantedEmail, wantedUsername);
            existing = Optional.of(create(tenant, wantedUsername, wantedEmail, password, name));
        } else if (!belongsTo(existing.get(), tenant)) {
            throw new ProblemException(ProblemType.CONFLICT, "the username '" + wantedUsername + "' is taken");
        } else if (!wantedEmail.equals(existing.get().getEmail())) {
            throw new ProblemException(ProblemType.CONFLICT, "the tenant's user '" + wantedUsername + "' has another email");
        }
        UserRepresentation user = existing.get();
        // Again on a resumed call: the password (or the required actions) may not have been set before it stopped.
        password.ifPresent(secret -> admin.run("set a user's password", realm -> realm.users().get(user.getId()).resetPassword(passwordOf(secret))));
        return accountOf(user);
    }

    /**
     * Whether a new user could take this username and email: false when any user of the realm (of any tenant, or of
     * none) holds either. A provisioning asks before it registers the tenant, to answer 409 rather than roll back.
     */
    public boolean available(String username, String email) {
        String wantedEmail = email.toLowerCase(Locale.ROOT);
        return byUsername(username.toLowerCase(Locale.ROOT)).isEmpty()
                && admin.call("find a user by email", realm -> realm.users().searchByEmail(wantedEmail, true)).stream()
                        .noneMatch(u -> wantedEmail.equals(u.getEmail()));
    }

    /** The tenant's user with this email, if any. */
    public Optional<Account> findByEmail(TenantId tenant, String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        return admin.call("find a user by email", realm -> realm.users().searchByEmail(wanted, true)).stream()
                .filter(u -> wanted.equals(u.getEmail()) && belongsTo(u, tenant))
                .findFirst().map(TenantAccounts::accountOf);
    }

    /** Every user of the tenant (all pages), by username. */
    public List<Account> usersOf(TenantId tenant) {
        return representationsOf(tenant).stream().map(TenantAccounts::accountOf).toList();
    }

    /** How many users the tenant has (counted over the exact matches, not Keycloak's own count of its search). */
    public long countUsersOf(TenantId tenant) {
        return representationsOf(tenant).size();
    }

    /**
     * Disables every user of the tenant and ends all their sessions (refresh tokens stop working at once; access
     * tokens already issued live until they expire, which is why suspended tenants are also refused by the service),
     * or enables them again. Returns how many users changed.
     */
    public int setEnabled(TenantId tenant, boolean enabled) {
        int changed = 0;
        for (UserRepresentation user : representationsOf(tenant)) {
            if (user.isEnabled() == null || user.isEnabled() != enabled) {
                user.setEnabled(enabled);
                // The whole representation goes back (attributes included): a partial one could drop attributes.
                admin.run(enabled ? "enable a user" : "disable a user", realm -> realm.users().get(user.getId()).update(user));
                changed++;
            }
            if (!enabled) {
                // Also for users disabled before: a resumed suspension may have stopped between the two calls.
                admin.run("end a user's sessions", realm -> realm.users().get(user.getId()).logout());
            }
        }
        return changed;
    }

    /** Deletes every user of the tenant; returns how many were deleted (0 once they are gone). */
    public int deleteUsersOf(TenantId tenant) {
        int deleted = 0;
        for (UserRepresentation user : representationsOf(tenant)) {
            boolean gone = admin.call("delete a user", realm -> {
                try (Response response = realm.users().delete(user.getId())) {
                    int status = response.getStatus();
                    if (status == 404) {
                        return false; // deleted meanwhile
                    }
                    if (status >= 300) {
                        throw admin.translate("delete a user", status, null);
                    }
                    return true;
                }
            });
            if (gone) {
                deleted++;
            }
        }
        return deleted;
    }

    private List<UserRepresentation> representationsOf(TenantId tenant) {
        List<UserRepresentation> users = new ArrayList<>();
        String query = TENANT_ATTRIBUTE + ":" + tenant.value();
        for (int first = 0;; first += PAGE) {
            int from = first;
            List<UserRepresentation> page = admin.call("list a tenant's users",
                    realm -> realm.users().searchByAttributes(from, PAGE, null, true, false, query));
            // Keycloak's attribute search is exact today; filtering again keeps "acme" from ever matching "acme2".
            page.stream().filter(u -> belongsTo(u, tenant)).forEach(users::add);
            if (page.size() < PAGE) {
                return users;
            }
        }
    }

    private Optional<UserRepresentation> byUsername(String username) {
        return admin.call("find a user by username", realm -> realm.users().searchByUsername(username, true)).stream()
                .filter(u -> username.equals(u.getUsername())).findFirst()
                // The search's representation is brief: the attributes come with the user itself.
                .map(u -> admin.call("read a user", realm -> realm.users().get(u.getId()).toRepresentation()));
    }

    private void refuseTakenEmail(String email, String username) {
        boolean taken = admin.call("find a user by email", realm -> realm.users().searchByEmail(email, true)).stream()
                .anyMatch(u -> email.equals(u.getEmail()) && !username.equals(u.getUsername()));
        if (taken) {
            throw new ProblemException(ProblemType.CONFLICT, "the email '" + email + "' is taken");
        }
    }

    private UserRepresentation create(TenantId tenant, String username, String email, Optional<String> password, Optional<Name> name) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(email);
        user.setEmailVerified(false);
        user.setEnabled(true);
        user.setAttributes(Map.of(TENANT_ATTRIBUTE, List.of(tenant.value())));
        Optional<Name> names = name.or(() -> password.map(p -> new Name(username, tenant.value())));
        names.ifPresent(n -> {
            user.setFirstName(n.first());
            user.setLastName(n.last());
        });
        if (password.isEmpty()) {
            user.setRequiredActions(List.of("UPDATE_PASSWORD", "VERIFY_EMAIL"));
        }
        String id = admin.call("create a user", realm -> {
            try (Response response = realm.users().create(user)) {
                if (response.getStatus() == 409) {
                    return null; // created meanwhile by a concurrent call, or the email was taken since we looked
                }
                if (response.getStatus() == 400) {
                    throw new ProblemException(ProblemType.VALIDATION_FAILED, "the identity provider refused the username or email");
                }
                if (response.getStatus() != 201) {
                    throw admin.translate("create a user", response.getStatus(), null);
                }
                String location = response.getLocation().getPath();
                return location.substring(location.lastIndexOf('/') + 1);
            }
        });
        if (id == null) {
            return byUsername(username).filter(u -> belongsTo(u, tenant) && email.equals(u.getEmail()))
                    .orElseThrow(() -> new ProblemException(ProblemType.CONFLICT, "the username or email is taken"));
        }
        if (password.isEmpty()) {
            sendSetupEmail(id);
        }
        return admin.call("read a user", realm -> realm.users().get(id).toRepresentation());
    }

    /** Asks Keycloak to mail the user the link to set a password and verify the email; no mail server is not an error. */
    private void sendSetupEmail(String id) {
        try {
            admin.run("send the account setup email", realm -> realm.users().get(id).executeActionsEmail(List.of("UPDATE_PASSWORD", "VERIFY_EMAIL")));
        } catch (ProblemException | NotFoundException e) {
            LOG.warnf("the account setup email for user %s was not sent (%s); the user can use 'forgot password'", id, e.getMessage());
        }
    }

    private static boolean belongsTo(UserRepresentation user, TenantId tenant) {
        Map<String, List<String>> attributes = user.getAttributes();
        List<String> values = attributes == null ? null : attributes.get(TENANT_ATTRIBUTE);
        return values != null && values.size() == 1 && tenant.value().equals(values.get(0));
    }

    private static CredentialRepresentation passwordOf(String secret) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(secret);
        credential.setTemporary(false);
        return credential;
    }

    private static Account accountOf(UserRepresentation user) {
        return new Account(user.getId(), user.getUsername(), user.getEmail(), Boolean.TRUE.equals(user.isEnabled()));
    }
}
