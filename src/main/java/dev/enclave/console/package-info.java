/**
 * The operator console: server-rendered pages at {@code /console} for platform operators only, signed in through
 * Keycloak (authorization code flow with PKCE, OIDC tenant {@code console}, session cookie). It reads and changes
 * through the same services as the admin API ({@code /admin/v1}), so a change made here is validated and audited
 * exactly like the same change made with curl. Forms carry a CSRF token bound to the session ({@link dev.enclave.console.ConsoleCsrf}).
 */
package dev.enclave.console;
