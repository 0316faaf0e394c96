package dev.marketplace.item;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * An item for sale. Never leaves the service layer: {@link ItemMapper} turns it into the API's DTO.
 *
 * <p>{@link Persistable}: its id is assigned before it is saved, so without telling Spring Data that it is new,
 * {@code save} would {@code merge} it — a {@code SELECT} by id before every {@code INSERT}. A new item is persisted.
 */
@Entity
@Table(name = "items")
class Item implements Persistable<UUID> {

    @Id
    private UUID id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(length = 5000)
    private String description;

    @Column(nullable = false, precision = 16, scale = 4)
    private BigDecimal price;

    @Column(nullable = false, length = 3, columnDefinition = "char(3)")
    private String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ItemStatus status;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "owner_id", updatable = false, length = 255)
    private String ownerId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> tags = new ArrayList<>();
    /** Units left to order; orders change it with atomic SQL updates (see {@link ItemStock}). */
    @Column(nullable = false)
    private int stock = 1;

    @Version
    private long version;

    /** True until the item was persisted or loaded. */
    @Transient
    private boolean isNew = true;

    protected Item() {}

    /** The one place a new item is built: server-owned fields (id, owner, timestamps) come from the caller. */
    Item(
            UUID id,
            String ownerId,
            String name,
            String description,
            BigDecimal price,
            String currency,
            ItemStatus status,
            List<String> tags,
            Integer stock,
            Instant now) {
        this.id = id;
        this.ownerId = ownerId;
        this.name = name;
        this.description = description;
        this.price = price;
        this.currency = currency;
        this.status = status;
        this.tags = new ArrayList<>(tags);
        if (stock != null) {
            this.stock = stock;
        }
        this.createdAt = now;
        this.updatedAt = now;
    }

    @Override
    public UUID getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostPersist
    @PostLoad
    void markNotNew() {
        this.isNew = false;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public void setPrice(BigDecimal price) {
        this.price = price;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public ItemStatus getStatus() {
        return status;
    }

    public void setStatus(ItemStatus status) {
        this.status = status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public List<String> getTags() {
        return List.copyOf(tags);
    }

    /** Replaces the whole list (merge-patch semantics for arrays). */
    public void setTags(List<String> tags) {
        this.tags = new ArrayList<>(tags);
    }

    public int getStock() {
        return stock;
    }

    public void setStock(int stock) {
        this.stock = stock;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }

    public long getVersion() {
        return version;
    }
}
