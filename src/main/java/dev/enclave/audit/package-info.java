/** The global, append-only audit log (platform persistence unit): readable by platform operators only. */
@PersistenceUnit(PlatformUnit.NAME)
package dev.enclave.audit;

import dev.enclave.platform.PlatformUnit;
import io.quarkus.hibernate.orm.PersistenceUnit;
