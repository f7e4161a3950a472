package dev.enclave.testing;

/**
 * The dev realm's users (deploy/keycloak/enclave-realm.json) and their tenants, the one set of fixtures every test
 * uses: tests name a tenant as {@link #ACME} or {@link #GLOBEX} (or a persona's {@link #tenant}), never as a literal.
 * Password = username. Subjects are the realm's fixed user ids.
 */
public enum Persona {
    ALICE("alice", Persona.ACME, "00000000-0000-4000-8000-0000000000a1"),
    CAROL("carol", Persona.ACME, "00000000-0000-4000-8000-0000000000a2"),
    BOB("bob", Persona.GLOBEX, "00000000-0000-4000-8000-0000000000b1"),
    DAVE("dave", Persona.GLOBEX, "00000000-0000-4000-8000-0000000000b2"),
    ROOT("root", null, "00000000-0000-4000-8000-0000000000f1"),
    MALLORY("mallory", null, "00000000-0000-4000-8000-0000000000e1");

    /** Alice's and Carol's tenant (plan "pro" in the dev seed). Qualified above: constants, so inlined. */
    public static final String ACME = "acme";
    /** Bob's and Dave's tenant. */
    public static final String GLOBEX = "globex";

    public final String username;
    public final String tenant;
    public final String subject;

    Persona(String username, String tenant, String subject) {
        this.username = username;
        this.tenant = tenant;
        this.subject = subject;
    }

    /** A fresh-enough access token from the real Keycloak for this persona. */
    public String token() {
        return Tokens.accessToken(username);
    }

    /** A token of this persona that no test has used yet. */
    public String newToken() {
        return Tokens.newAccessToken(username);
    }

    /** "Bearer ..." for an Authorization header. */
    public String bearer() {
        return "Bearer " + token();
    }
}
