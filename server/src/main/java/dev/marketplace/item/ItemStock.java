package dev.marketplace.item;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock of items, for the order domain: reserving units for an order and releasing them again. Runs in
 * the caller's transaction, so an order that fails later reserves nothing.
 */
@Service
public class ItemStock {

    /** One line to reserve. */
    public record Request(UUID itemId, int quantity) {}

    /** An item as it was when its units were reserved (the order's snapshot). */
    public record Reserved(
            UUID itemId, String sellerId, String name, BigDecimal unitPrice, String currency, int quantity) {}

    private final ItemStockRepository stock;

    ItemStock(ItemStockRepository stock) {
        this.stock = stock;
    }

    /**
     * Reserves every line or none: items must exist, be active, not belong to {@code buyer} and share one
     * currency ({@code 422} otherwise); a line with too few units left is a {@code 409 out_of_stock}. Rows
     * are updated in item-id order so that two orders over the same items cannot deadlock.
     *
     * @return the reserved items, in the order of {@code lines}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Reserved> reserve(String buyer, List<Request> lines) {
        Map<UUID, ItemStockRepository.ItemRow> found = new HashMap<>();
        stock.find(lines.stream().map(Request::itemId).toList()).forEach(row -> found.put(row.id(), row));
        String currency = null;
        for (Request line : lines) {
            ItemStockRepository.ItemRow item = found.get(line.itemId());
            if (item == null || !ItemStatus.active.name().equals(item.status())) {
                throw new ApiException(
                        ProblemType.ITEM_UNAVAILABLE, "Item " + line.itemId() + " does not exist or is not for sale.");
            }
            if (buyer.equals(item.ownerId())) {
                throw new ApiException(
                        ProblemType.OWN_ITEM, "Item " + line.itemId() + " is your own; you cannot order it.");
            }
            currency = sameCurrency(currency, item.currency());
        }
        Map<UUID, Reserved> reserved = new HashMap<>();
        List<Request> byId =
                lines.stream().sorted(Comparator.comparing(Request::itemId)).toList();
        String takenCurrency = null;
        for (Request line : byId) {
            ItemStockRepository.ItemRow item = stock.take(line.itemId(), line.quantity())
                    .orElseThrow(() -> new ApiException(
                            ProblemType.OUT_OF_STOCK,
                            "Item " + line.itemId() + " has fewer than " + line.quantity()
                                    + (line.quantity() == 1 ? " unit" : " units") + " in stock."));
            // The price and currency at the moment the row was locked: a concurrent repricing is either
            // entirely before or entirely after this order.
            takenCurrency = sameCurrency(takenCurrency, item.currency());
            reserved.put(
                    line.itemId(),
                    new Reserved(
                            item.id(), item.ownerId(), item.name(), item.price(), item.currency(), line.quantity()));
        }
        return lines.stream().map(line -> reserved.get(line.itemId())).toList();
    }

    /** Puts the units of a cancelled order back, in item-id order (deadlock-free, like {@link #reserve}). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(List<Request> lines) {
        lines.stream()
                .sorted(Comparator.comparing(Request::itemId))
                .forEach(line -> stock.putBack(line.itemId(), line.quantity()));
    }

    private static String sameCurrency(String expected, String actual) {
        if (expected != null && !expected.equals(actual)) {
            throw new ApiException(
                    ProblemType.CURRENCY_MISMATCH,
                    "All items of an order must be priced in one currency; found " + expected + " and " + actual + ".");
        }
        return actual;
    }
}
