package dev.marketplace.item;

import dev.marketplace.api.model.ItemCreateDto;
import dev.marketplace.api.model.ItemDto;
import dev.marketplace.api.model.ItemPageDto;
import dev.marketplace.api.model.ItemPatchDto;
import dev.marketplace.api.model.ItemSortDto;
import dev.marketplace.api.model.ItemStatusDto;
import dev.marketplace.shared.ExpectedVersion;
import dev.marketplace.shared.db.TimeOrderedIds;
import dev.marketplace.shared.paging.KeysetCursor;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemMessages;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.Actor;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openapitools.jackson.nullable.JsonNullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Item rules and transactions. Knows nothing about HTTP. */
@Service
public class ItemService {

    private final ItemRepository items;
    private final ItemMapper mapper;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;

    ItemService(
            ItemRepository items,
            ItemMapper mapper,
            Clock clock,
            MeterRegistry meters,
            ApplicationEventPublisher events) {
        this.items = items;
        this.mapper = mapper;
        this.clock = clock;
        this.meters = meters;
        this.events = events;
    }

    /**
     * One page of the list. Not transactional: one {@code SELECT} of committed rows, auto-committed, read into
     * {@link ItemView}s (no entities, no persistence context); inside a caller's transaction it joins that one.
     */
    public ItemPageDto list(ItemQuery query) {
        Specification<Item> spec = ItemSpecifications.matching(query);
        if (query.cursor() != null) {
            spec = spec.and(ItemSpecifications.after(
                    query.sort(),
                    KeysetCursor.decode(query.cursor(), query.sort().getValue())));
        }
        // One extra row tells whether another page follows, without a COUNT.
        List<ItemView> rows = items.findViewPage(spec, ItemSpecifications.order(query.sort()), query.limit() + 1);
        boolean hasMore = rows.size() > query.limit();
        List<ItemView> page = hasMore ? rows.subList(0, query.limit()) : rows;
        String next = hasMore
                ? new KeysetCursor(
                                query.sort().getValue(),
                                ItemSpecifications.key(query.sort(), page.getLast()),
                                page.getLast().id())
                        .encode()
                : null;
        List<ItemDto> data = new ArrayList<>(page.size());
        for (ItemView item : page) {
            data.add(mapper.toDto(item));
        }
        return new ItemPageDto(data, hasMore, next);
    }

    /**
     * The newest items {@code viewer} may see, at most {@code max} (1–100): the first page of the default list.
     * Drafts only for their owner and admins.
     */
    public List<ItemDto> newest(int max, Optional<Actor> viewer) {
        return list(new ItemQuery(max, null, null, null, null, null, ItemSortDto.CREATED_AT_DESC, viewer))
                .getData();
    }

    /**
     * One item as {@code viewer} (empty: anonymous) may see it. Someone else's draft is a 404 like a missing
     * item, so its existence is not revealed; only its owner and admins can read it. One auto-committed
     * {@code SELECT} into an {@link ItemView}: no transaction, no entity.
     */
    public ItemDto get(UUID id, Optional<Actor> viewer) {
        ItemView item = items.findViewById(id).orElseThrow(() -> new ItemNotFoundException(id));
        if (!ItemSpecifications.isVisibleTo(item, viewer)) {
            throw new ItemNotFoundException(id);
        }
        return mapper.toDto(item);
    }

    @Transactional
    public ItemDto create(ItemCreateDto request, Actor actor) {
        String currency = Money.currency(request.getCurrency());
        Item item = new Item(
                TimeOrderedIds.next(clock),
                actor.subject(),
                request.getName(),
                request.getDescription() == null
                        ? null
                        : request.getDescription().orElse(null),
                Money.amount(request.getPrice(), currency),
                currency,
                mapper.status(request.getStatus() == null ? ItemStatusDto.ACTIVE : request.getStatus()),
                request.getTags() == null ? List.of() : tags(request.getTags()),
                request.getStock(),
                now());
        ItemDto created = mapper.toDto(items.saveAndFlush(item));
        // Recorded in the outbox with this transaction; listeners run after commit.
        events.publishEvent(new ItemCreated(UUID.randomUUID(), item.getCreatedAt(), actor.subject(), created));
        meters.counter("marketplace.item.creations").increment();
        return created;
    }

    /**
     * Applies a JSON Merge Patch: absent = unchanged, {@code null} = clear (description only), an array
     * replaces the list. With a conditional {@code expected} version, a stale one is a 412.
     */
    @Transactional
    public ItemDto update(UUID id, ItemPatchDto patch, Actor actor, ExpectedVersion expected) {
        JsonNullable<String> description = patch.getDescription();
        boolean describes = description != null && description.isPresent();
        if (patch.getName() == null
                && !describes
                && patch.getPrice() == null
                && patch.getCurrency() == null
                && patch.getStatus() == null
                && patch.getTags() == null
                && patch.getStock() == null) {
            throw new ApiException(ProblemType.EMPTY_PATCH, ProblemMessages.detail("empty_patch"));
        }
        Item item = findChangeable(id, actor, expected);
        if (patch.getName() != null) {
            item.setName(patch.getName());
        }
        if (describes) {
            item.setDescription(description.get());
        }
        String currency = patch.getCurrency() == null ? item.getCurrency() : Money.currency(patch.getCurrency());
        BigDecimal price = patch.getPrice() == null ? item.getPrice() : new BigDecimal(patch.getPrice());
        item.setPrice(Money.amount(price.toPlainString(), currency));
        item.setCurrency(currency);
        if (patch.getStatus() != null) {
            item.setStatus(mapper.status(patch.getStatus()));
        }
        if (patch.getTags() != null) {
            item.setTags(tags(patch.getTags()));
        }
        if (patch.getStock() != null) {
            item.setStock(patch.getStock());
        }
        item.touch(now());
        try {
            return mapper.toDto(items.saveAndFlush(item));
        } catch (ObjectOptimisticLockingFailureException e) {
            throw lostRace(e, expected);
        }
    }

    @Transactional
    public void delete(UUID id, Actor actor, ExpectedVersion expected) {
        items.delete(findChangeable(id, actor, expected));
        try {
            items.flush();
        } catch (ObjectOptimisticLockingFailureException e) {
            throw lostRace(e, expected);
        }
        events.publishEvent(new ItemDeleted(id));
    }

    /** Fails with 404 unless the item exists (for sub-resources such as images). */
    @Transactional(readOnly = true)
    public void requireExists(UUID id) {
        find(id);
    }

    /** Fails with 404 unless the item exists, and 403 unless the actor may change it (owner or admin). */
    @Transactional(readOnly = true)
    public void requireChangeable(UUID id, Actor actor) {
        findChangeable(id, actor, ExpectedVersion.ANY);
    }

    /**
     * Locks the item's row until the caller's transaction ends, so that work on the item's sub-resources (counting
     * its images before adding one) runs one transaction after another. Other domains lock items only through
     * this method, never with SQL on the {@code items} table. 404 unless the item exists.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockForUpdate(UUID id) {
        items.lockRow(id).orElseThrow(() -> new ItemNotFoundException(id));
    }

    /**
     * BOLA guard, then the precondition: only the owner or an admin may change an item (existence is public,
     * so 404 before 403), and only the version the client names in If-Match (412 after 403, RFC 9110 §13.2.1).
     */
    private Item findChangeable(UUID id, Actor actor, ExpectedVersion expected) {
        Item item = find(id);
        if (!actor.mayChange(item.getOwnerId())) {
            throw new ApiException(ProblemType.FORBIDDEN, "Only the item's owner or an admin may change it.");
        }
        if (!expected.matches(item.getVersion())) {
            throw new ApiException(ProblemType.PRECONDITION_FAILED, ProblemMessages.detail("precondition_failed"));
        }
        return item;
    }

    /**
     * Another transaction committed a change between our read and our write. A conditional write named
     * the version it read, which is stale now: 412, exactly as if it had arrived a moment later. An
     * unconditional one stays the 409 of the optimistic lock.
     */
    private static RuntimeException lostRace(ObjectOptimisticLockingFailureException e, ExpectedVersion expected) {
        return expected.conditional()
                ? new ApiException(ProblemType.PRECONDITION_FAILED, ProblemMessages.detail("precondition_failed"))
                : e;
    }

    private Item find(UUID id) {
        return items.findById(id).orElseThrow(() -> new ItemNotFoundException(id));
    }

    /** Tags as sent, refusing a {@code null} element (JSON allows it, the list does not): a 400 naming it. */
    private static List<String> tags(List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i) == null) {
                throw ApiException.invalidField("tags[" + i + "]", "not_null", "must not be null");
            }
        }
        return tags;
    }

    /** Microsecond precision (the clock ticks in microseconds, see ClockConfig): what PostgreSQL stores. */
    private Instant now() {
        return clock.instant();
    }
}
