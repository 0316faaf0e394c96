package dev.marketplace.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.MarketplaceApplication;
import dev.marketplace.item.ItemExportSlots;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Common base of the generated contract tests: the real application on a random port (it starts its own
 * embedded PostgreSQL), real HTTP through REST Assured, the same fixture items before every test, and every
 * response checked against api-spec/openapi.yaml by {@link SpecValidationFilter}.
 *
 * <p>The server signs and verifies tokens with the test-only key {@code contract-signing-key.pem}, so the
 * long-lived tokens written into the contracts ({@link ContractTokens}) are accepted. Fixture accounts
 * ({@link UserFixtures}) and items ({@link ItemFixtures}) are reset before every test.
 *
 * <p>Both consumer base classes share this configuration, so Spring starts the application once.
 */
@SpringBootTest(classes = MarketplaceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class ContractTestBase {

    @DynamicPropertySource
    static void authProperties(DynamicPropertyRegistry registry) {
        registry.add("marketplace.auth.signing-key", ContractTokens::signingKeyPem);
        registry.add("marketplace.auth.signing-key-id", () -> ContractTokens.KEY_ID);
        registry.add("marketplace.auth.issuer", () -> ContractTokens.ISSUER);
        registry.add("marketplace.auth.audience", () -> ContractTokens.AUDIENCE);
        registry.add("marketplace.images.dir", () -> ImageFixtures.DIR.toString());
    }

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ItemExportSlots exportSlots;

    @BeforeEach
    void setUpHttpAndFixtures() {
        RestAssured.reset();
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = port;
        // Send bodies as UTF-8 and keep Content-Type exactly as the contract says (no "; charset=ISO-8859-1").
        RestAssured.config = RestAssuredConfig.config()
                .encoderConfig(EncoderConfig.encoderConfig()
                        .defaultContentCharset(StandardCharsets.UTF_8)
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false));
        // Global filter: every request made by a generated test goes through it.
        RestAssured.replaceFiltersWith(SpecValidationFilter.INSTANCE);
        SpecValidationFilter.INSTANCE.resetCount();

        OrderFixtures.clear(jdbc);
        UserFixtures.reset(jdbc);
        UserFixtures.seedApiKey(jdbc);
        UserFixtures.seedOneTimeTokens(jdbc);
        WebhookFixtures.reset(jdbc);
        ItemFixtures.reset(jdbc);
        ImageFixtures.reset(jdbc);
        OrderFixtures.seed(jdbc);
        ExportFixtures.hold(exportSlots);
    }

    @AfterEach
    void everyResponseWasCheckedAgainstTheSpec() {
        ExportFixtures.release();
        // Guards against the filter silently not running (e.g. someone replacing RestAssured's filters).
        assertThat(SpecValidationFilter.INSTANCE.validatedCount())
                .as("responses validated against openapi.yaml by SpecValidationFilter in this test")
                .isPositive();
    }
}
