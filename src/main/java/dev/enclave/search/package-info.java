/**
 * Tenant-scoped full-text search over documents (docs/architecture.md, "Search"), on the Elasticsearch-compatible REST API through
 * the low-level client.
 *
 * <ul>
 * <li>{@link dev.enclave.search.TenantSearch} builds every query and write: routing = tenant, a {@code tenant_id}
 * term filter at the root of every query, ids {@code <tenant>:<documentId>}, the index from the tenant's
 * placement. User text only reaches a lenient {@code simple_query_string} on title, tags and body.</li>
 * <li>Indexes ({@link dev.enclave.search.SearchIndexes}): alias {@code P-shared} over {@code P-shared.v<n>}; a
 * dedicated tenant {@code t} has alias {@code P-t-<t>} over {@code P-t-<t>.v<n>} ({@code P} =
 * {@code enclave.search.index-prefix}). Routing required, strict mapping, English analysis with accent folding.</li>
 * <li>{@link dev.enclave.search.SearchIndexer} applies domain events with the aggregate version as external version;
 * deletes write content-free tombstones so late old events stay refused.
 * {@link dev.enclave.search.SearchIndexerConsumer} feeds it from Kafka through the events layer (signature, tenant,
 * dead letters); search down is {@code EventRetryLater}: retried in place, never acked past.</li>
 * <li>{@link dev.enclave.search.SearchRebuild}: per-tenant rebuild from the database, shared-index rollout with an
 * alias swap, and moves between shared and dedicated placement without losing writes.</li>
 * </ul>
 */
package dev.enclave.search;
