package dev.marketplace.order;

import dev.marketplace.api.model.OrderCreateDto;
import dev.marketplace.api.model.OrderDto;
import dev.marketplace.api.model.OrderLineCreateDto;
import dev.marketplace.api.model.OrderPageDto;
import dev.marketplace.api.model.OrderRoleDto;
import dev.marketplace.api.model.OrderStatusChangeDto;
import dev.marketplace.api.model.OrderStatusDto;
import dev.marketplace.item.ItemStock;
import dev.marketplace.shared.db.TimeOrderedIds;
import dev.marketplace.shared.idempotency.IdempotencyService;
import dev.marketplace.shared.paging.KeysetCursor;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.Actor;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Orders: placing them (stock reserved atomically, prices and totals from the items), the status machine
 * and who may move it, and the {@code order.placed} / {@code order.status_changed} events, recorded in
 * the outbox with the change. Knows nothing about HTTP.
 */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final OrderMapper mapper;
    private final ItemStock stock;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final Clock clock;
    private final IdempotencyService idempotency;

    OrderService(
            OrderRepository orders,
            OrderMapper mapper,
            ItemStock stock,
            ApplicationEventPublisher events,
            MeterRegistry meters,
            Clock clock,
            IdempotencyService idempotency) {
        this.orders = orders;
        this.mapper = mapper;
        this.stock = stock;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
        this.idempotency = idempotency;
    }

    /**
     * Places an order for {@code buyer}. All lines are reserved or none ({@code 409 out_of_stock},
     * {@code 422 item_unavailable | own_item | currency_mismatch}). When an order with this idempotency
     * key was placed already (the first attempt committed but its response was lost), that order is
     * returned instead of placing a second one.
     */
    @Transactional
    public OrderDto place(Actor buyer, String idempotencyKey, OrderCreateDto request) {
        if (idempotencyKey != null) {
            Optional<Order> placed =
                    orders.findPlacedWithKey(buyer.subject(), idempotencyKey, now().minus(idempotency.retention()));
            if (placed.isPresent()) {
                return mapper.toDto(placed.get());
            }
        }
        List<ItemStock.Request> lines = distinctLines(request.getLines());
        List<ItemStock.Reserved> reserved = stock.reserve(buyer.subject(), lines);
        List<OrderLine> entries = reserved.stream()
                .map(r -> new OrderLine(r.itemId(), r.sellerId(), r.name(), r.quantity(), r.unitPrice()))
                .toList();
        Order order = new Order(
                TimeOrderedIds.next(clock),
                buyer.subject(),
                reserved.getFirst().currency(),
                entries,
                idempotencyKey,
                now());
        OrderDto placed = mapper.toDto(orders.saveAndFlush(order));
        // Recorded in the outbox with this transaction: a refused order (rolled back) publishes nothing.
        events.publishEvent(new OrderPlaced(UUID.randomUUID(), order.getCreatedAt(), placed));
        meters.counter("marketplace.orders.placed").increment();
        return placed;
    }

    /** An order its buyer, one of its sellers or an admin may see; anyone else gets a 404 (BOLA). */
    @Transactional(readOnly = true)
    public OrderDto get(UUID id, Actor actor) {
        return mapper.toDto(findVisible(id, actor));
    }

    @Transactional(readOnly = true)
    public OrderPageDto list(Actor actor, OrderRoleDto role, OrderStatusDto status, int limit, String cursor) {
        String sort = (role == OrderRoleDto.SELLER ? "seller" : "buyer") + ":-created_at";
        Specification<Order> spec = role == OrderRoleDto.SELLER
                ? OrderSpecifications.soldBy(actor.subject())
                : OrderSpecifications.boughtBy(actor.subject());
        if (status != null) {
            spec = spec.and(OrderSpecifications.status(mapper.status(status)));
        }
        if (cursor != null) {
            KeysetCursor after = KeysetCursor.decode(cursor, sort);
            spec = spec.and(OrderSpecifications.after(parseInstant(after.key()), after.id()));
        }
        // One extra row tells whether another page follows, without a COUNT.
        List<Order> rows = orders.findPage(spec, limit + 1);
        boolean hasMore = rows.size() > limit;
        List<Order> page = hasMore ? rows.subList(0, limit) : rows;
        String next = hasMore
                ? new KeysetCursor(
                                sort,
                                page.getLast().getCreatedAt().toString(),
                                page.getLast().getId())
                        .encode()
                : null;
        return new OrderPageDto(page.stream().map(mapper::toDto).toList(), hasMore, next);
    }

    /**
     * Moves an order: the buyer cancels, the seller of every line ships and delivers, an admin may do
     * anything legal; {@code paid} comes from the payment webhook ({@link #markPaid}) or an admin.
     */
    @Transactional
    public OrderDto transition(UUID id, OrderStatusDto target, Actor actor) {
        Order order = findVisible(id, actor);
        OrderStatus next = mapper.status(target);
        if (!mayMove(order, next, actor)) {
            throw new ApiException(
                    ProblemType.FORBIDDEN,
                    switch (next) {
                        case cancelled -> "Only the buyer (or an admin) may cancel this order.";
                        case shipped, delivered ->
                            "Only the seller of every item of this order (or an admin) may mark it " + next + ".";
                        default -> "Only the payment provider (or an admin) may mark this order " + next + ".";
                    });
        }
        return move(order, next);
    }

    /**
     * A payment for the order succeeded (payment webhook): {@code placed → paid} when the amount and
     * currency equal the order's total ({@code 422 payment_mismatch} otherwise).
     */
    @Transactional
    public OrderDto markPaid(UUID orderId, String amount, String currency) {
        Order order = orders.findById(orderId)
                .orElseThrow(() -> new ApiException(ProblemType.UNKNOWN_ORDER, "No order with id " + orderId + "."));
        if (!order.getCurrency().equals(currency) || new BigDecimal(amount).compareTo(order.getTotal()) != 0) {
            throw new ApiException(
                    ProblemType.PAYMENT_MISMATCH,
                    "The payment is " + amount + " " + currency + " but the order's total is "
                            + mapper.toDto(order).getTotal() + " " + order.getCurrency() + ".");
        }
        return move(order, OrderStatus.paid);
    }

    private OrderDto move(Order order, OrderStatus next) {
        OrderStatus previous = order.getStatus();
        if (!previous.canMoveTo(next)) {
            throw new ApiException(
                    ProblemType.ILLEGAL_TRANSITION, "The order is " + previous + "; it cannot become " + next + ".");
        }
        order.moveTo(next, now());
        // Flushed first: a concurrent change fails here (version check, 409) before any stock moves.
        OrderDto changed = mapper.toDto(orders.saveAndFlush(order));
        if (next == OrderStatus.cancelled) {
            stock.release(order.getLines().stream()
                    .map(l -> new ItemStock.Request(l.getItemId(), l.getQuantity()))
                    .toList());
        }
        events.publishEvent(new OrderStatusChanged(
                UUID.randomUUID(), order.getUpdatedAt(), new OrderStatusChangeDto(changed, mapper.status(previous))));
        meters.counter("marketplace.orders.status.changes", "status", next.name())
                .increment();
        return changed;
    }

    private static boolean mayMove(Order order, OrderStatus next, Actor actor) {
        if (actor.isAdmin()) {
            return true;
        }
        return switch (next) {
            case cancelled -> actor.subject().equals(order.getBuyerId());
            case shipped, delivered -> order.soldEntirelyBy(actor.subject());
            case paid -> false;
            case placed -> true; // never a legal move: answered as an illegal transition
        };
    }

    private Order findVisible(UUID id, Actor actor) {
        return orders.findById(id)
                .filter(order -> actor.isAdmin() || order.participants().contains(actor.subject()))
                .orElseThrow(() -> new ApiException(ProblemType.ORDER_NOT_FOUND, "No order with id " + id + "."));
    }

    private static List<ItemStock.Request> distinctLines(List<OrderLineCreateDto> lines) {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!seen.add(lines.get(i).getItemId())) {
                throw ApiException.invalidField(
                        "lines[" + i + "].item_id",
                        "unique",
                        "must differ from the other lines' items (order more units in one line instead)");
            }
        }
        return lines.stream()
                .map(line -> new ItemStock.Request(line.getItemId(), line.getQuantity()))
                .toList();
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    ProblemType.INVALID_CURSOR, "The cursor is not one this API issued; start again without a cursor.");
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
