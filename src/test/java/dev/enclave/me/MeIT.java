package dev.enclave.me;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (the jar here; the native executable with -Dnative). */
@QuarkusIntegrationTest
class MeIT extends MeResourceTest {
}
