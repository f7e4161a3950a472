package dev.enclave.console;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator console ({@code /console}). Login and session are the {@code console} OIDC tenant's settings. */
@ConfigMapping(prefix = "enclave.console")
public interface ConsoleConfig {

    /** The trace UI the console links to (Zipkin's); a tenant's traces are searched by its {@code tenant.id} tag. */
    @WithDefault("http://localhost:9411/zipkin/")
    String traceUi();

    /** How many audit entries the tenant page shows. */
    @WithDefault("20")
    int auditEntries();

    /** Key of the forms' CSRF tokens (ConsoleCsrf); several instances share one. Unset: random per start. */
    Optional<String> csrfSecret();

    /** How many dead letters the event pipeline page shows. */
    @WithDefault("50")
    int deadLetters();
}
