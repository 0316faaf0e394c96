package dev.marketplace.webhook;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfig {

    @Bean
    TargetGuard webhookTargetGuard(WebhookProperties properties) {
        return new TargetGuard(properties.allowInsecureUrls(), properties.allowPrivateTargets());
    }

    @Bean
    WebhookSecrets webhookSecrets(WebhookProperties properties, Environment environment) {
        WebhookSecrets secrets = new WebhookSecrets(properties.secretKey());
        if (!secrets.encrypts() && environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException(
                    "marketplace.webhooks.secret-key (MARKETPLACE_WEBHOOKS_SECRET_KEY) must be set in the "
                            + "prod profile: base64 of a 16, 24 or 32 byte AES key that encrypts webhook signing secrets at rest "
                            + "(e.g. `openssl rand -base64 32`).");
        }
        if (!secrets.encrypts()) {
            LoggerFactory.getLogger(WebhookConfig.class)
                    .warn("marketplace.webhooks.secret-key is not set: webhook signing secrets are stored unencrypted");
        }
        return secrets;
    }
}
