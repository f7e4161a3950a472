/**
 * The tenant registry and control plane. Its entities live in the global {@code platform} persistence unit
 * (application.properties): the registry is not tenant data, and reading it must not need a tenant.
 */
package dev.enclave.tenant;
