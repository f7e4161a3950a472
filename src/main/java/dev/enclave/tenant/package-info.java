/**
 * The tenant registry and control plane. Its entities live in the global {@code platform} persistence unit:
 * the registry is not tenant data, and reading it must not need a tenant.
 */
@PersistenceUnit(PlatformUnit.NAME)
package dev.enclave.tenant;

import dev.enclave.platform.PlatformUnit;
import io.quarkus.hibernate.orm.PersistenceUnit;
