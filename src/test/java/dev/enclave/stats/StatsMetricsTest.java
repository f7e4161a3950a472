package dev.enclave.stats;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;
import io.quarkus.test.junit.QuarkusTest;

/**
 * /q/metrics has a tenant tag for the tracked tenants only (top-tenants = 10 in tests) plus "other", however many
 * tenants are active: a handful through real requests, a thousand recorded directly.
 */
@QuarkusTest
class StatsMetricsTest {

    private static final int TOP = 10;
    private static final Pattern SERIES = Pattern.compile("^(enclave_tenant_[a-z0-9_]+)\\{[^}]*tenant=\"([^\"]*)\"");

    @Inject
    TenantStats stats;

    @Inject
    TenantStatsMetrics metrics;

    @Test
    void aThousandActiveTenantsMakeAtMostTopPlusOneSeriesPerMetric() {
        stats.request(new TenantId("early-bird"), 200, 1_000_000);
        metrics.refresh();
        assertThat(tenantsByMetric().get("enclave_tenant_requests"), hasItem("early-bird"));

        given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me").then().statusCode(200);
        for (int i = 0; i < 500; i++) {
            stats.request(new TenantId("heavy-tenant"), i % 10 == 0 ? 503 : 200, 2_000_000);
        }
        for (int i = 0; i < 1_000; i++) {
            stats.request(new TenantId("load-" + i), 200, 1_000_000);
        }
        metrics.refresh();

        Map<String, Set<String>> byMetric = tenantsByMetric();
        Set<String> expected = new TreeSet<>();
        Arrays.stream(Measure.values()).forEach(m -> expected.add(TenantStatsMetrics.metricName(m).replace('.', '_')));
        assertThat(byMetric.keySet(), hasItems(expected.toArray(String[]::new)));
        byMetric.forEach((metric, tenants) -> assertThat(metric, tenants.size(), lessThanOrEqualTo(TOP + 1)));
        Set<String> requests = byMetric.get("enclave_tenant_requests");
        // More than a third of all it recorded: Space-Saving guarantees it a place among 10.
        assertThat(requests, hasItems("heavy-tenant", "other"));
        assertThat(requests, not(hasItem("early-bird"))); // fell out: its series is gone, it counts under "other"
        assertThat(byMetric.get("enclave_tenant_errors_5xx"), hasItem("heavy-tenant"));
    }

    @Test
    void theEdgeFeedsTheRecorder() {
        given().header("Authorization", Persona.BOB.bearer()).when().get("/api/v1/me").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            metrics.refresh();
            assertThat(tenantsByMetric().getOrDefault("enclave_tenant_requests", Set.of()), hasItem(Persona.GLOBEX));
        });
        assertThat(stats.of(new TenantId(Persona.GLOBEX)).isPresent(), is(true));
    }

    private static Map<String, Set<String>> tenantsByMetric() {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Set<String>> byMetric = new TreeMap<>();
        for (String line : body.split("\n")) {
            Matcher m = SERIES.matcher(line);
            if (m.find()) {
                byMetric.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertThat(byMetric.keySet(), not(empty()));
        return byMetric;
    }
}
