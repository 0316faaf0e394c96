package dev.marketplace.webhook;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfig {

    @Bean
    TargetGuard webhookTargetGuard(WebhookProperties properties) {
        return new TargetGuard(properties.allowInsecureUrls(), properties.allowPrivateTargets());
    }

    @Bean
    WebhookSecrets webhookSecrets(WebhookProperties properties) {
        WebhookSecrets secrets = new WebhookSecrets(properties.secretKey());
        if (!secrets.encrypts()) {
            LoggerFactory.getLogger(WebhookConfig.class).warn(
                    "marketplace.webhooks.secret-key is not set: webhook signing secrets are stored unencrypted");
        }
        return secrets;
    }
}
