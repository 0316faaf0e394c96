package dev.marketplace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With every pooled connection taken, a request fails fast with a 503 problem and Retry-After instead of hanging. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=500"
        })
class PoolSaturationIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void aSaturatedPoolAnswers503WithRetryAfterWithinThePoolTimeout() throws Exception {
        ApiClient api = new ApiClient(port);
        assertThat(api.get("/api/v2/items?limit=1").status()).isEqualTo(200);

        List<Connection> held = new ArrayList<>();
        try {
            held.add(dataSource.getConnection());
            held.add(dataSource.getConnection());
            Instant start = Instant.now();

            Response response = api.get("/api/v2/items?limit=1");

            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.header("Retry-After")).isEqualTo("5");
            assertThat(response.body())
                    .contains("\"code\":\"service_unavailable\"")
                    .doesNotContain("Hikari", "Exception");
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(api.get("/api/v2/items?limit=1").status()).isEqualTo(200);
    }
}
