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
class WebhookEndpoint {

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

    protected WebhookEndpoint() {}

    WebhookEndpoint(
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

    public UUID getId() {
        return id;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public String getUrl() {
        return url;
    }

    void setUrl(String url) {
        this.url = url;
    }

    public String getDescription() {
        return description;
    }

    void setDescription(String description) {
        this.description = description;
    }

    public List<String> getEventTypes() {
        return Arrays.asList(eventTypes.split(" "));
    }

    void setEventTypes(List<String> types) {
        this.eventTypes = String.join(" ", types);
    }

    public String getStatus() {
        return status;
    }

    public String getDisabledReason() {
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

    public String getSecret() {
        return secret;
    }

    public String getPreviousSecret() {
        return previousSecret;
    }

    public Instant getPreviousSecretExpiresAt() {
        return previousSecretExpiresAt;
    }

    void rotate(String sealedSecret, Instant previousExpiresAt) {
        this.previousSecret = this.secret;
        this.previousSecretExpiresAt = previousExpiresAt;
        this.secret = sealedSecret;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }
}
