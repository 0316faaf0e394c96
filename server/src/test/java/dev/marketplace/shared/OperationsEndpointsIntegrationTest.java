package dev.marketplace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Actuator: probes public, the rest admin-only; Prometheus metrics by route template, domain counters, virtual threads. */
class OperationsEndpointsIntegrationTest extends ApiIntegrationTest {

    @Test
    void probesArePublicAndEverythingElseNeedsAnAdmin() {
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/info").status()).isEqualTo(200);
        problem(anonymous.get("/actuator/prometheus"), 401, "unauthorized");
        problem(
                anonymous.withToken(accounts.session("buyer").accessToken()).get("/actuator/loggers"),
                403,
                "insufficient_scope");
        assertThat(anonymous
                        .withToken(accounts.session("admin").accessToken())
                        .get("/actuator/loggers")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void prometheusShowsRouteTemplatesNeverRawIdsAndDomainCounters() {
        ApiClient seller = anonymous.withToken(seller().accessToken());
        Response created =
                seller.post("/api/v2/items", "{\"name\":\"Metered\",\"price\":\"1.00\",\"currency\":\"EUR\"}");
        String id = json(created).get("id").asString();
        assertThat(anonymous.get("/api/v2/items/" + id).status()).isEqualTo(200);

        String metrics = anonymous
                .withToken(accounts.session("admin").accessToken())
                .get("/actuator/prometheus")
                .body();

        assertThat(metrics)
                .contains("http_server_requests_seconds_count{")
                .contains("uri=\"/api/v2/items/{item_id}\"")
                .doesNotContain(id)
                .contains("marketplace_item_creations_total")
                .contains("hikaricp_connections_active")
                // requests wait for connections in front of the pool (GatedDataSource): its queue and use
                .contains("marketplace_db_connections_waiting ")
                .contains("marketplace_db_connections_in_use ")
                .contains("jvm_memory_used_bytes")
                // virtual threads (micrometer-java21, JFR): pinning and scheduler submit failures
                .contains("jvm_threads_virtual_pinned_seconds_count")
                .contains("jvm_threads_virtual_submit_failed_total");
    }

    @Test
    void logLevelsChangeAtRuntimeThroughTheSecuredLoggersEndpoint() {
        ApiClient admin = anonymous.withToken(accounts.session("admin").accessToken());
        Response changed = admin.send(
                "POST",
                "/actuator/loggers/dev.marketplace.item",
                "application/json",
                "{\"configuredLevel\":\"TRACE\"}",
                Map.of());
        assertThat(changed.status()).isEqualTo(204);
        assertThat(admin.get("/actuator/loggers/dev.marketplace.item").body())
                .contains("\"configuredLevel\":\"TRACE\"");
        admin.send(
                "POST",
                "/actuator/loggers/dev.marketplace.item",
                "application/json",
                "{\"configuredLevel\":null}",
                Map.of());
    }
}
