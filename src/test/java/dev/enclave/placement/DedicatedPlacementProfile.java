package dev.enclave.placement;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service with acme in a dedicated database (DedicatedDatabases.placeAcme, done by each test of this profile
 * before it runs): a profile of its own, so the service restarts (and the shared test database is cleaned) before and
 * after these tests, and no other test sees acme outside the shared database.
 */
public class DedicatedPlacementProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // a placement refused by the guard is checked again after 1 s (not 10), so tests can repair one and see it served
        return Map.of("enclave.placements.recheck-after", "1s");
    }
}
