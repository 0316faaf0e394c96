package dev.marketplace.contact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A contact form message and the state of its email delivery (the outbox row). */
@Entity
@Table(name = "contact_messages")
class ContactMessage {

    enum Delivery {
        pending,
        sent,
        failed
    }

    @Id
    private UUID id;

    @Column(nullable = false, updatable = false, length = 100)
    private String name;

    @Column(nullable = false, updatable = false, length = 254)
    private String email;

    @Column(nullable = false, updatable = false, length = 5000)
    private String message;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status", nullable = false, length = 16)
    private Delivery deliveryStatus;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    protected ContactMessage() {}

    ContactMessage(UUID id, String name, String email, String message, Instant now) {
        this.id = id;
        this.name = name;
        this.email = email;
        this.message = message;
        this.createdAt = now;
        this.deliveryStatus = Delivery.pending;
        this.nextAttemptAt = now;
    }

    void sent(Instant now) {
        attempts++;
        lastAttemptAt = now;
        sentAt = now;
        deliveryStatus = Delivery.sent;
    }

    /** A failed attempt: try again at {@code next}, or give up when there is none. */
    void failed(Instant now, Instant next) {
        attempts++;
        lastAttemptAt = now;
        if (next == null) {
            deliveryStatus = Delivery.failed;
        } else {
            nextAttemptAt = next;
        }
    }

    UUID getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getEmail() {
        return email;
    }

    String getMessage() {
        return message;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Delivery getDeliveryStatus() {
        return deliveryStatus;
    }

    int getAttempts() {
        return attempts;
    }
}
