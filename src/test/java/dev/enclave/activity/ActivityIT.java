package dev.enclave.activity;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application: relay, Kafka and consumers included. */
@QuarkusIntegrationTest
class ActivityIT extends ActivityResourceTest {
}
