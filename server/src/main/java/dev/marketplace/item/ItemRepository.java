package dev.marketplace.item;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Only the queries the item domain uses. */
interface ItemRepository extends Repository<Item, UUID>, JpaSpecificationExecutor<Item>, ItemViews {

    Optional<Item> findById(UUID id);

    /**
     * One item as reads show it. No transaction (a declared query method gets none): a single auto-committed
     * {@code SELECT}, where a transactional read paid {@code BEGIN READ ONLY} and a {@code COMMIT} round trip.
     */
    @Query(ItemView.SELECT + " where i.id = :id")
    Optional<ItemView> findViewById(UUID id);

    /** Locks the item's row until the transaction ends (empty when there is no such item). */
    @Query(value = "SELECT CAST(id AS varchar) FROM items WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<String> lockRow(@Param("id") UUID id);

    Item saveAndFlush(Item item);

    void delete(Item item);

    void flush();

    long count();
}
