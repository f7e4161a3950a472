/**
 * Tenant-owned data: entities of this package belong to the default (tenant-discriminated) persistence unit.
 * Once any package names a unit, Quarkus attaches a model class only to the unit its package names.
 */
@PersistenceUnit(PersistenceUnit.DEFAULT)
package dev.enclave.document;

import io.quarkus.hibernate.orm.PersistenceUnit;
