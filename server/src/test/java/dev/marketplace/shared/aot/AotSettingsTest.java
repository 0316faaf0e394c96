package dev.marketplace.shared.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What a Spring AOT jar records at build time and what makes its start refuse (see AotSettingsGuard). */
class AotSettingsTest {

    private static MockEnvironment prod() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.threads.virtual.enabled", "true")
                .withProperty("management.endpoints.web.exposure.include", "health,info")
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/build")
                .withProperty("management.health.mail.enabled", "false");
        environment.setActiveProfiles("prod");
        return environment;
    }

    @Test
    void recordsPresenceOfSwitchesAndValuesOfTheRest() {
        MockEnvironment environment = prod().withProperty(
                        "management.opentelemetry.tracing.export.otlp.endpoint", "http://collector:4318/v1/traces");

        Map<String, String> settings = AotSettings.of(environment);

        assertThat(settings)
                .containsEntry("spring.profiles.active", "prod")
                .containsEntry("management.opentelemetry.tracing.export.otlp.endpoint", "set")
                .containsEntry("spring.security.oauth2.resourceserver.jwt.issuer-uri", "unset")
                .containsEntry("spring.flyway.enabled", "true")
                .containsEntry("spring.threads.virtual.enabled", "true")
                .containsEntry("management.endpoints.web.exposure.include", "health,info")
                .containsEntry("management.health.*.enabled", "mail=false")
                // Read at run time by beans that exist anyway: not recorded, free to differ.
                .doesNotContainKey("spring.datasource.url")
                .doesNotContainKey("spring.mail.host");
    }

    @Test
    void theSameSettingsWithOtherValuesForRunTimePropertiesDoNotDiffer() {
        MockEnvironment runtime = prod().withProperty("spring.datasource.url", "jdbc:postgresql://db/prod")
                .withProperty("spring.mail.host", "smtp.example.com")
                .withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "");
        runtime.setActiveProfiles("prod", "bench"); // bench registers its endpoint at run time (BenchEndpoints)

        assertThat(AotSettings.differences(AotSettings.of(prod()), AotSettings.of(runtime)))
                .isEmpty();
    }

    @Test
    void aSwitchTurnedOnAProfileOrAValueChangedAtRunTimeAreEachNamed() {
        MockEnvironment runtime = prod().withProperty(
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://id.example.com")
                .withProperty("spring.flyway.enabled", "false");
        runtime.setActiveProfiles("dev");

        assertThat(AotSettings.differences(AotSettings.of(prod()), AotSettings.of(runtime)))
                .containsExactlyInAnyOrder(
                        "spring.profiles.active was 'prod' at build time and is 'dev' now",
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri was 'unset' at build time and is 'set' now",
                        "spring.flyway.enabled was 'true' at build time and is 'false' now");
    }

    @Test
    void aHealthIndicatorSwitchedAtRunTimeIsADifferenceInAnySpelling() {
        MockEnvironment runtime = prod().withProperty("MANAGEMENT_HEALTH_REDIS_ENABLED", "false")
                .withProperty("management.health.mail.enabled", "true");

        assertThat(AotSettings.differences(AotSettings.of(prod()), AotSettings.of(runtime)))
                .containsExactly("management.health.*.enabled was 'mail=false' at build time and is"
                        + " 'mail=true,redis=false' now");
    }

    @Test
    void aSettingMissingFromTheRecordIsADifference() {
        Map<String, String> build = AotSettings.of(prod());
        build.remove("spring.flyway.enabled");

        assertThat(AotSettings.differences(build, AotSettings.of(prod())))
                .containsExactly("spring.flyway.enabled was '(not recorded)' at build time and is 'true' now");
    }
}
