package dev.marketplace.webhook;

import dev.marketplace.api.WebhooksApi;
import dev.marketplace.api.model.WebhookDelivery;
import dev.marketplace.api.model.WebhookDeliveryPage;
import dev.marketplace.api.model.WebhookEndpoint;
import dev.marketplace.api.model.WebhookEndpointCreate;
import dev.marketplace.api.model.WebhookEndpointCreated;
import dev.marketplace.api.model.WebhookEndpointList;
import dev.marketplace.api.model.WebhookEndpointPatch;
import dev.marketplace.api.model.WebhookSecret;
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
    public ResponseEntity<WebhookEndpointCreated> createWebhookEndpoint(WebhookEndpointCreate request) {
        WebhookEndpointCreated created = webhooks.create(actor.require(), request);
        return ResponseEntity.created(URI.create(WebhooksApi.PATH_GET_WEBHOOK_ENDPOINT.replace(
                        "{webhook_endpoint_id}",
                        created.getWebhookEndpoint().getId().toString())))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @Override
    public ResponseEntity<WebhookEndpointList> listWebhookEndpoints() {
        return ResponseEntity.ok(webhooks.list(actor.require()));
    }

    @Override
    public ResponseEntity<WebhookEndpoint> getWebhookEndpoint(UUID webhookEndpointId) {
        return ResponseEntity.ok(webhooks.get(actor.require(), webhookEndpointId));
    }

    @Override
    public ResponseEntity<WebhookEndpoint> updateWebhookEndpoint(UUID webhookEndpointId, WebhookEndpointPatch patch) {
        return ResponseEntity.ok(webhooks.update(actor.require(), webhookEndpointId, patch));
    }

    @Override
    public ResponseEntity<Void> deleteWebhookEndpoint(UUID webhookEndpointId) {
        webhooks.delete(actor.require(), webhookEndpointId);
        return ResponseEntity.noContent().build();
    }

    @Override
    public ResponseEntity<WebhookSecret> rotateWebhookSecret(UUID webhookEndpointId) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(webhooks.rotateSecret(actor.require(), webhookEndpointId));
    }

    @Override
    public ResponseEntity<WebhookDeliveryPage> listWebhookDeliveries(
            UUID webhookEndpointId, Integer limit, String cursor) {
        return ResponseEntity.ok(
                webhooks.deliveries(actor.require(), webhookEndpointId, limit == null ? 20 : limit, cursor));
    }

    @Override
    public ResponseEntity<WebhookDelivery> redeliverWebhook(UUID webhookEndpointId, UUID deliveryId) {
        return ResponseEntity.accepted().body(webhooks.redeliver(actor.require(), webhookEndpointId, deliveryId));
    }
}
