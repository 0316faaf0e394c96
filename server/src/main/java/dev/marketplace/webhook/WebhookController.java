package dev.marketplace.webhook;

import dev.marketplace.api.WebhooksApi;
import dev.marketplace.api.model.WebhookDeliveryDto;
import dev.marketplace.api.model.WebhookDeliveryPageDto;
import dev.marketplace.api.model.WebhookEndpointCreateDto;
import dev.marketplace.api.model.WebhookEndpointCreatedDto;
import dev.marketplace.api.model.WebhookEndpointDto;
import dev.marketplace.api.model.WebhookEndpointListDto;
import dev.marketplace.api.model.WebhookEndpointPatchDto;
import dev.marketplace.api.model.WebhookSecretDto;
import dev.marketplace.shared.security.CurrentActor;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WebhookController implements WebhooksApi {

    private final WebhookService webhooks;
    private final CurrentActor actor;

    WebhookController(WebhookService webhooks, CurrentActor actor) {
        this.webhooks = webhooks;
        this.actor = actor;
    }

    @Override
    public ResponseEntity<WebhookEndpointCreatedDto> createWebhookEndpoint(WebhookEndpointCreateDto request) {
        WebhookEndpointCreatedDto created = webhooks.create(actor.require(), request);
        return ResponseEntity.created(URI.create(WebhooksApi.PATH_GET_WEBHOOK_ENDPOINT.replace(
                        "{webhook_endpoint_id}",
                        created.getWebhookEndpoint().getId().toString())))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @Override
    public ResponseEntity<WebhookEndpointListDto> listWebhookEndpoints() {
        return ResponseEntity.ok(webhooks.list(actor.require()));
    }

    @Override
    public ResponseEntity<WebhookEndpointDto> getWebhookEndpoint(UUID webhookEndpointId) {
        return ResponseEntity.ok(webhooks.get(actor.require(), webhookEndpointId));
    }

    @Override
    public ResponseEntity<WebhookEndpointDto> updateWebhookEndpoint(
            UUID webhookEndpointId, WebhookEndpointPatchDto patch) {
        return ResponseEntity.ok(webhooks.update(actor.require(), webhookEndpointId, patch));
    }

    @Override
    public ResponseEntity<Void> deleteWebhookEndpoint(UUID webhookEndpointId) {
        webhooks.delete(actor.require(), webhookEndpointId);
        return ResponseEntity.noContent().build();
    }

    @Override
    public ResponseEntity<WebhookSecretDto> rotateWebhookSecret(UUID webhookEndpointId) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(webhooks.rotateSecret(actor.require(), webhookEndpointId));
    }

    @Override
    public ResponseEntity<WebhookDeliveryPageDto> listWebhookDeliveries(
            UUID webhookEndpointId, Integer limit, String cursor) {
        return ResponseEntity.ok(
                webhooks.deliveries(actor.require(), webhookEndpointId, limit == null ? 20 : limit, cursor));
    }

    @Override
    public ResponseEntity<WebhookDeliveryDto> redeliverWebhook(UUID webhookEndpointId, UUID deliveryId) {
        return ResponseEntity.accepted().body(webhooks.redeliver(actor.require(), webhookEndpointId, deliveryId));
    }
}
