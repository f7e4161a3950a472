package dev.enclave.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The real services every test runs against, started once per test run by the project's own scripts.
 * Global scope: one application start serves all test classes.
 */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OpenSearchResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KeycloakResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ZipkinResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ConsoleClientResource.class, scope = TestResourceScope.GLOBAL)
public final class StackResources {
    private StackResources() {
    }
}
