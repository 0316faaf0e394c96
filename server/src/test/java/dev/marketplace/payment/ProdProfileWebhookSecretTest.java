package dev.marketplace.payment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.MarketplaceApplication;
import dev.marketplace.shared.db.EmbeddedPostgresEnvironmentPostProcessor;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The prod profile refuses to start without a payment webhook secret or a key encrypting partner webhook secrets, and
 * no profile accepts a short payment secret.
 */
class ProdProfileWebhookSecretTest {

    private static final String SECRET_KEY =
            "--marketplace.webhooks.secret-key=" + Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void prodWithoutAWebhookSecretDoesNotStart() throws Exception {
        assertThatThrownBy(() -> start("prod", SECRET_KEY).close())
                .hasStackTraceContaining(
                        "marketplace.payments.webhook-secret (MARKETPLACE_PAYMENTS_WEBHOOK_SECRET) must be set in the prod profile");
    }

    @Test
    void prodWithoutAWebhookSecretKeyDoesNotStart() throws Exception {
        assertThatThrownBy(() -> start("prod", "--marketplace.payments.webhook-secret=whsec_a_long_enough_test_secret")
                        .close())
                .hasStackTraceContaining(
                        "marketplace.webhooks.secret-key (MARKETPLACE_WEBHOOKS_SECRET_KEY) must be set in the prod profile");
    }

    @Test
    void aShortWebhookSecretDoesNotStart() throws Exception {
        assertThatThrownBy(() -> start("prod", SECRET_KEY, "--marketplace.payments.webhook-secret=too-short")
                        .close())
                .hasStackTraceContaining("must have at least 16 characters");
    }

    /**
     * prod needs an external database and a signing key: both are given (the key by the tests' configuration,
     * config/application.yaml), so the webhook secret is what fails.
     */
    private static org.springframework.context.ConfigurableApplicationContext start(String profile, String... extra)
            throws Exception {
        int dbPort = EmbeddedPostgresEnvironmentPostProcessor.start().getPort();
        String[] args = {
            "--server.port=0",
            "--spring.main.banner-mode=off",
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres",
            "--spring.datasource.username=postgres",
            // The test configuration's cheap bcrypt cost is refused in prod (SecurityConfig): production's cost.
            "--marketplace.auth.bcrypt-strength=10"
        };
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(MarketplaceApplication.class)
                .profiles(profile)
                .run(all);
    }
}
