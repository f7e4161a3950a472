package dev.enclave.isolation;

import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.enclave.placement.DedicatedDatabases;
import dev.enclave.placement.DedicatedPlacementProfile;

/**
 * {@link CrossTenantByIdTest} again with acme in a dedicated database on the second server and globex in the shared one
 * (dev.enclave.placement.DedicatedDatabases): isolation holds across placements as within one.
 */
@QuarkusTest
@TestProfile(DedicatedPlacementProfile.class)
class DedicatedCrossTenantByIdTest extends CrossTenantByIdTest {

    @BeforeEach
    void placeAcme() {
        DedicatedDatabases.placeAcme();
    }
}
