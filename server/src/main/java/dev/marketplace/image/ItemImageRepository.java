package dev.marketplace.image;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Only the queries the image domain uses. */
interface ItemImageRepository extends Repository<ItemImage, UUID> {

    ItemImage save(ItemImage image);

    Optional<ItemImage> findByIdAndItemId(UUID id, UUID itemId);

    List<ItemImage> findByItemIdOrderByCreatedAtAscIdAsc(UUID itemId);

    long countByItemId(UUID itemId);

    void delete(ItemImage image);

    /** Locks the item's row until the transaction ends, so concurrent uploads to one item count one after another. */
    @Query(value = "SELECT CAST(id AS varchar) FROM items WHERE id = :itemId FOR UPDATE", nativeQuery = true)
    Optional<String> lockItem(@Param("itemId") UUID itemId);
}
