package dev.enclave.placement;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The schema version this build needs: its highest versioned migration (db/migration/V&lt;n&gt;__*.sql), read from the
 * migrations Flyway would run, with no database connection (serving pods have no owner credentials). A placement
 * whose recorded schema_version is behind it is not served by this build.
 */
@ApplicationScoped
public class PlacementSchema {

    private static final Pattern VERSIONED = Pattern.compile("(?:^|/)V([0-9._]+)__[^/]*\\.sql$");

    private final MigrationVersion required;

    PlacementSchema(Flyway flyway) {
        MigrationVersion highest = MigrationVersion.EMPTY;
        for (LoadableResource resource : flyway.getConfiguration().getResourceProvider().getResources("V", new String[] {".sql"})) {
            Optional<MigrationVersion> version = versionOf(resource.getFilename());
            if (version.isPresent() && version.get().compareTo(highest) > 0) {
                highest = version.get();
            }
        }
        this.required = highest;
    }

    static Optional<MigrationVersion> versionOf(String filename) {
        Matcher matcher = VERSIONED.matcher(filename);
        return matcher.find() ? Optional.of(MigrationVersion.fromVersion(matcher.group(1).replace('_', '.'))) : Optional.empty();
    }

    public String required() {
        return required.getVersion();
    }

    /** Whether a placement at {@code version} (null: never migrated) has everything this build needs. */
    public boolean satisfiedBy(String version) {
        return version != null && MigrationVersion.fromVersion(version).compareTo(required) >= 0;
    }
}
