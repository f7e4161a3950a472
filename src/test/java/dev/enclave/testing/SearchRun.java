package dev.enclave.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Per-run search indexes and event topics (see {@link SearchRunResource}), for every test class. */
@WithTestResource(value = SearchRunResource.class, scope = TestResourceScope.GLOBAL)
public final class SearchRun {
    private SearchRun() {
    }
}
