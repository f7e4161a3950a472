package dev.enclave.ai;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** The configured provider ({@code enclave.ai.provider}); the HTTP one is only created when chosen. */
@ApplicationScoped
class SummaryProviders {

    private final SummaryProvider active;

    SummaryProviders(AiConfig config, LocalSummaryProvider local, Instance<OpenAiCompatibleProvider> openai) {
        this.active = switch (config.provider()) {
            case LOCAL -> local;
            case OPENAI -> openai.get();
        };
    }

    SummaryProvider active() {
        return active;
    }
}
