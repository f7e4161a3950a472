package dev.enclave.testing;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The real services every test runs against, started once per test run by the project's own scripts, each handing
 * the application its connection config ({@link LocalStack}). Global scope: one application start serves all test
 * classes.
 */
@WithTestResource(value = LocalStack.class, initArgs = @ResourceArg(name = "component", value = "postgres"), scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LocalStack.class, initArgs = @ResourceArg(name = "component", value = "redis"), scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LocalStack.class, initArgs = @ResourceArg(name = "component", value = "kafka"), scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LocalStack.class, initArgs = @ResourceArg(name = "component", value = "opensearch"), scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LocalStack.class, initArgs = @ResourceArg(name = "component", value = "keycloak"), scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LocalStack.class, initArgs = @ResourceArg(name = "component", value = "zipkin"), scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LocalStack.class, initArgs = @ResourceArg(name = "component", value = "s3proxy"), scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ConsoleClientResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ControlPlaneClientResource.class, scope = TestResourceScope.GLOBAL)
public final class StackResources {
    private StackResources() {
    }
}
