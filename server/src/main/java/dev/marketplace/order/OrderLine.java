package dev.marketplace.order;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;
import java.util.UUID;

/** One line of an order: a snapshot of the item when the order was placed. */
@Embeddable
class OrderLine {

    @Column(name = "item_id", nullable = false)
    private UUID itemId;

    @Column(name = "seller_id", length = 255)
    private String sellerId;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false)
    private int quantity;

    @Column(name = "unit_price", nullable = false, precision = 16, scale = 4)
    private BigDecimal unitPrice;

    protected OrderLine() {}

    OrderLine(UUID itemId, String sellerId, String name, int quantity, BigDecimal unitPrice) {
        this.itemId = itemId;
        this.sellerId = sellerId;
        this.name = name;
        this.quantity = quantity;
        this.unitPrice = unitPrice;
    }

    public UUID getItemId() {
        return itemId;
    }

    public String getSellerId() {
        return sellerId;
    }

    public String getName() {
        return name;
    }

    public int getQuantity() {
        return quantity;
    }

    public BigDecimal getUnitPrice() {
        return unitPrice;
    }

    BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
