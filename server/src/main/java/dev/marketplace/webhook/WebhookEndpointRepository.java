package dev.marketplace.webhook;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

interface WebhookEndpointRepository extends Repository<WebhookEndpoint, UUID> {

    WebhookEndpoint saveAndFlush(WebhookEndpoint endpoint);

    Optional<WebhookEndpoint> findByIdAndOwnerId(UUID id, String ownerId);

    Optional<WebhookEndpoint> findById(UUID id);

    List<WebhookEndpoint> findTop20ByOwnerIdOrderByCreatedAtDesc(String ownerId);

    long countByOwnerId(String ownerId);

    void delete(WebhookEndpoint endpoint);
}
