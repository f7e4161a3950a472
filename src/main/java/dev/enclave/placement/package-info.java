/**
 * Database placements: which PostgreSQL database holds a tenant's rows — the shared database (the service's own
 * datasource) or a dedicated one, possibly on another server. The directory is global data (db_placements and
 * tenants.db_placement, in the shared database), cached like the registry and changed only by the control plane.
 * Every placement has the full schema (PlacementMigrations, in waves) and passes the RLS guard before it is served;
 * Hibernate (DATABASE multitenancy, PlacementConnections) and raw JDBC (TenantDataSource) reach a tenant's rows
 * through its placement's pool (PlacementPools), looked up per connection so a moved tenant follows at once.
 */
package dev.enclave.placement;
