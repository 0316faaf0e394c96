package dev.marketplace.image;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

/** Only the queries the image domain uses. */
interface ItemImageRepository extends Repository<ItemImage, UUID> {

    ItemImage save(ItemImage image);

    Optional<ItemImage> findByIdAndItemId(UUID id, UUID itemId);

    List<ItemImage> findByItemIdOrderByCreatedAtAscIdAsc(UUID itemId);

    long countByItemId(UUID itemId);

    void delete(ItemImage image);
}
