package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.client.model.WebhookDelivery;
import dev.marketplace.client.model.WebhookDeliveryAttempt;
import dev.marketplace.client.model.WebhookDeliveryPage;
import dev.marketplace.client.model.WebhookDeliveryStatus;
import dev.marketplace.client.model.WebhookEndpoint;
import dev.marketplace.client.model.WebhookEndpointCreate;
import dev.marketplace.client.model.WebhookEndpointCreated;
import dev.marketplace.client.model.WebhookEndpointList;
import dev.marketplace.client.model.WebhookEndpointPatch;
import dev.marketplace.client.model.WebhookEndpointStatus;
import dev.marketplace.client.model.WebhookEventType;
import dev.marketplace.client.model.WebhookSecret;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Partner-integration contracts, webhook endpoints: register (the secret once), list and get, another partner's endpoint, disable, delete, rotate the secret, the delivery log and redelivery. Shares the stub runner and its checks with the other partner contract tests ({@link PartnerContractSupport}). */
class PartnerWebhooksContractTest extends PartnerContractSupport {

    @Test
    void createWebhookEndpointReturnsTheSecretOnlyInThisResponse() {
        ResponseEntity<WebhookEndpointCreated> response = client.webhooks()
                .createWebhookEndpointWithHttpInfo(new WebhookEndpointCreate()
                        .url("https://partner.example.com/hooks/items")
                        .eventTypes(new java.util.LinkedHashSet<>(List.of(WebhookEventType.ITEM_CREATED)))
                        .description("catalogue"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        WebhookEndpointCreated created = response.getBody();
        assertThat(created).isNotNull();
        assertThat(created.getSecret()).startsWith("whsec_");
        assertThat(created.getWebhookEndpoint().getStatus()).isEqualTo(WebhookEndpointStatus.ACTIVE);
        assertThat(response.getHeaders().getLocation().getPath())
                .isEqualTo("/api/v2/webhook-endpoints/"
                        + created.getWebhookEndpoint().getId());
    }

    @Test
    void listAndGetWebhookEndpointsShowNoSecret() {
        WebhookEndpointList endpoints = client.webhooks().listWebhookEndpoints();
        assertThat(endpoints.getData()).extracting(WebhookEndpoint::getId).containsExactly(ENDPOINT_ID);

        WebhookEndpoint endpoint = client.webhooks().getWebhookEndpoint(ENDPOINT_ID);
        assertThat(endpoint.getEventTypes())
                .containsExactly(WebhookEventType.ORDER_PLACED, WebhookEventType.ORDER_STATUS_CHANGED);
        assertThat(endpoint.getDisabledReason()).isNull();
    }

    @Test
    void getAnotherPartnersWebhookEndpointIsNotFound() {
        assertThatThrownBy(() -> client.webhooks().getWebhookEndpoint(UNKNOWN))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        problem -> assertThat(problem.getCode()).contains("not_found"));
    }

    @Test
    void disablingAnEndpointSendsOnlyTheStatus() {
        WebhookEndpoint endpoint = client.webhooks()
                .updateWebhookEndpoint(ENDPOINT_ID, new WebhookEndpointPatch().status(WebhookEndpointStatus.DISABLED));

        assertThat(endpoint.getStatus()).isEqualTo(WebhookEndpointStatus.DISABLED);
        assertThat(endpoint.getDisabledReason()).isEqualTo("Disabled by its owner.");
    }

    @Test
    void deleteWebhookEndpointSucceedsWithNoContent() {
        assertThat(client.webhooks()
                        .deleteWebhookEndpointWithHttpInfo(ENDPOINT_ID)
                        .getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void rotatingTheSecretReturnsTheNewOneAndWhenTheOldStopsSigning() {
        WebhookSecret secret = client.webhooks().rotateWebhookSecret(ENDPOINT_ID);

        assertThat(secret.getSecret()).startsWith("whsec_");
        assertThat(secret.getPreviousSecretExpiresAt()).isNotNull();
    }

    @Test
    void theDeliveryLogShowsAttemptsAndADeliveryCanBeSentAgain() {
        WebhookDeliveryPage page = client.webhooks().listWebhookDeliveries(ENDPOINT_ID, null, null);
        WebhookDelivery delivery = page.getData().getFirst();
        assertThat(delivery.getStatus()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
        assertThat(delivery.getAttempts())
                .extracting(WebhookDeliveryAttempt::getStatusCode)
                .containsExactly(200, 500);

        ResponseEntity<WebhookDelivery> again =
                client.webhooks().redeliverWebhookWithHttpInfo(ENDPOINT_ID, DELIVERY_ID);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(again.getBody().getEventId()).isEqualTo(delivery.getEventId());
        assertThat(again.getBody().getStatus()).isEqualTo(WebhookDeliveryStatus.PENDING);
    }
}
