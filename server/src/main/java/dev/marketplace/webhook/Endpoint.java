package dev.marketplace.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A partner's webhook endpoint. The secrets are sealed ({@link WebhookSecrets}). */
@Entity
@Table(name = "webhook_endpoints")
class Endpoint {

    static final String ACTIVE = "active";
    static final String DISABLED = "disabled";

    @Id
    private UUID id;

    @Column(name = "owner_id", nullable = false)
    private String ownerId;

    @Column(nullable = false, length = 2048)
    private String url;

    @Column(length = 500)
    private String description;

    /** Space-separated. */
    @Column(name = "event_types", nullable = false, length = 200)
    private String eventTypes;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "disabled_reason", length = 200)
    private String disabledReason;

    @Column(nullable = false, length = 200)
    private String secret;

    @Column(name = "previous_secret", length = 200)
    private String previousSecret;

    @Column(name = "previous_secret_expires_at")
    private Instant previousSecretExpiresAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Endpoint() {}

    Endpoint(
            String ownerId, String url, List<String> eventTypes, String description, String sealedSecret, Instant now) {
        this.id = UUID.randomUUID();
        this.ownerId = ownerId;
        this.url = url;
        this.eventTypes = String.join(" ", eventTypes);
        this.description = description;
        this.status = ACTIVE;
        this.secret = sealedSecret;
        this.createdAt = now;
        this.updatedAt = now;
    }

    UUID getId() {
        return id;
    }

    String getOwnerId() {
        return ownerId;
    }

    String getUrl() {
        return url;
    }

    void setUrl(String url) {
        this.url = url;
    }

    String getDescription() {
        return description;
    }

    void setDescription(String description) {
        this.description = description;
    }

    List<String> getEventTypes() {
        return Arrays.asList(eventTypes.split(" "));
    }

    void setEventTypes(List<String> types) {
        this.eventTypes = String.join(" ", types);
    }

    String getStatus() {
        return status;
    }

    String getDisabledReason() {
        return disabledReason;
    }

    void enable() {
        status = ACTIVE;
        disabledReason = null;
    }

    void disable(String reason) {
        status = DISABLED;
        disabledReason = reason;
    }

    String getSecret() {
        return secret;
    }

    String getPreviousSecret() {
        return previousSecret;
    }

    Instant getPreviousSecretExpiresAt() {
        return previousSecretExpiresAt;
    }

    void rotate(String sealedSecret, Instant previousExpiresAt) {
        this.previousSecret = this.secret;
        this.previousSecretExpiresAt = previousExpiresAt;
        this.secret = sealedSecret;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }
}
