package dev.enclave.search;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Search index layout and behaviour (application.properties: enclave.search.*). */
@ConfigMapping(prefix = "enclave.search")
public interface SearchConfig {

    /**
     * Prefix of every index and alias this deployment owns (see {@link SearchIndexes} for the scheme). Tests use a
     * per-run prefix because several checkouts share one search node.
     */
    @WithDefault("enclave-documents")
    String indexPrefix();

    /** Primary shards of the shared index (routing by tenant keeps each tenant on one of them). */
    @WithDefault("1")
    int sharedShards();

    @WithDefault("0")
    int replicas();

    /** How soon a write becomes searchable; the write-to-searchable lag is about half of this plus indexing. */
    @WithDefault("1s")
    String refreshInterval();

    /**
     * Least time between two refreshes of one index that this instance forces (deleting a project must find the
     * tenant's own documents written moments ago; see {@link ForcedRefreshes}).
     */
    @WithDefault("1s")
    Duration forcedRefreshGap();

    /** Longest accepted query text, in characters; longer is a 400, never a slow or failing query. */
    @WithDefault("200")
    int maxQueryLength();

    /** Documents per bulk request when rebuilding from the database. */
    @WithDefault("500")
    int bulkSize();

    /**
     * After a tenant's placement changes, how long until every instance reads the new placement (the tenant
     * directory caches entries for 2 s); the catch-up pass of a move starts after this.
     */
    @WithDefault("3s")
    Duration placementSettle();
}
