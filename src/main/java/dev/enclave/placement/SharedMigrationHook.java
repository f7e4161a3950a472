package dev.enclave.placement;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The dedicated placements' wave follows every migration of the shared database that Quarkus runs itself
 * ({@code quarkus.flyway.migrate-at-start}: tests, the local stack, and the production migrate Job, whose
 * {@code QUARKUS_INIT_AND_EXIT} stops the start before any StartupEvent). Ignored while PlacementMigrations runs a
 * migration itself (the admin API), which copies this configuration for each placement.
 */
@Singleton
class SharedMigrationHook implements FlywayConfigurationCustomizer {

    private final Instance<PlacementMigrations> migrations;

    SharedMigrationHook(Instance<PlacementMigrations> migrations) {
        this.migrations = migrations;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.callbacks(new Callback() {
            @Override
            public boolean supports(Event event, Context context) {
                return event == Event.AFTER_MIGRATE;
            }

            @Override
            public boolean canHandleInTransaction(Event event, Context context) {
                return true;
            }

            @Override
            public void handle(Event event, Context context) {
                migrations.get().afterSharedMigrated();
            }

            @Override
            public String getCallbackName() {
                return "enclave-placement-waves";
            }
        });
    }
}
