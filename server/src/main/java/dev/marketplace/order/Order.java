package dev.marketplace.order;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hibernate.annotations.BatchSize;

/** An order (table {@code orders}; "order" is an SQL keyword). Never leaves the service layer. */
@Entity
@Table(name = "orders")
class Order {

    @Id
    private UUID id;

    @Column(name = "buyer_id", nullable = false, updatable = false, length = 255)
    private String buyerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private OrderStatus status;

    @Column(nullable = false, updatable = false, precision = 18, scale = 4)
    private BigDecimal total;

    @Column(nullable = false, updatable = false, length = 3, columnDefinition = "char(3)")
    private String currency;

    @Column(name = "idempotency_key", updatable = false, length = 255)
    private String idempotencyKey;

    // Lines never change after the order is placed; pages load them in batches (no N+1).
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "order_lines", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    @BatchSize(size = 100)
    private List<OrderLine> lines = new ArrayList<>();

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    // A wrapper type: null tells Spring Data the order is new (persist, not merge), as its id is assigned.
    @Version
    private Long version;

    protected Order() {}

    Order(UUID id, String buyerId, String currency, List<OrderLine> lines, String idempotencyKey, Instant now) {
        this.id = id;
        this.buyerId = buyerId;
        this.currency = currency;
        this.lines = new ArrayList<>(lines);
        this.total = lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        this.idempotencyKey = idempotencyKey;
        this.status = OrderStatus.placed;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() {
        return id;
    }

    public String getBuyerId() {
        return buyerId;
    }

    public OrderStatus getStatus() {
        return status;
    }

    public BigDecimal getTotal() {
        return total;
    }

    public String getCurrency() {
        return currency;
    }

    public List<OrderLine> getLines() {
        return lines;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    // Package-private on purpose: Spring Data reads the version through a public getter when there is one, and
    // this one answers 0 for a new order, which would turn its persist into a merge (OrderMapper maps it explicitly).
    long getVersion() {
        return version == null ? 0 : version;
    }

    /** The sellers of its lines (items imported without an owner have none). */
    Set<String> sellers() {
        return lines.stream()
                .map(OrderLine::getSellerId)
                .filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Buyer and sellers: who may see the order and receives its events. */
    Set<String> participants() {
        return Stream.concat(Stream.of(buyerId), sellers().stream()).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether {@code subject} sold every line of this order. */
    boolean soldEntirelyBy(String subject) {
        return !lines.isEmpty() && lines.stream().allMatch(line -> subject.equals(line.getSellerId()));
    }

    void moveTo(OrderStatus next, Instant now) {
        this.status = next;
        this.updatedAt = now;
    }
}
