package dev.marketplace.image;

import dev.marketplace.api.model.ImageDto;
import dev.marketplace.api.model.ImageListDto;
import dev.marketplace.item.ItemDeleted;
import dev.marketplace.item.ItemService;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.Actor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Item images: metadata in the database, bytes in {@link ImageStorage}. An upload is read and checked before
 * any transaction starts; the row and the file's final move happen in one transaction, so a failure leaves at
 * worst an unreferenced file, never a row without its file. Knows nothing about HTTP.
 */
@Service
public class ImageService {

    private static final Logger log = LoggerFactory.getLogger(ImageService.class);

    /** The bytes of an image and what to say about them. */
    public record ImageFile(Path path, String contentType, long size, String sha256) {}

    private final ItemImageRepository images;
    private final ImageStorage storage;
    private final ItemService items;
    private final ImageMapper mapper;
    private final ImageProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ImageService(
            ItemImageRepository images,
            ImageStorage storage,
            ItemService items,
            ImageMapper mapper,
            ImageProperties properties,
            TransactionTemplate transaction,
            Clock clock) {
        this.images = images;
        this.storage = storage;
        this.items = items;
        this.mapper = mapper;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    public ImageDto upload(UUID itemId, InputStream content, Actor actor) throws IOException {
        items.requireChangeable(itemId, actor);
        requireRoom(itemId, images.countByItemId(itemId)); // fail fast, before reading the file
        ImageStorage.Upload upload =
                storage.receive(itemId, content, properties.maxSize().toBytes());
        try {
            return transaction.execute(status -> {
                items.lockForUpdate(itemId); // concurrent uploads to one item count one after another
                requireRoom(itemId, images.countByItemId(itemId));
                ItemImage image = images.save(new ItemImage(
                        UUID.randomUUID(), itemId, upload.type(), upload.size(), upload.sha256(), clock.instant()));
                try {
                    storage.keep(upload, itemId, image.getId());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return mapper.toDto(image);
            });
        } finally {
            storage.discard(upload);
        }
    }

    @Transactional(readOnly = true)
    public ImageListDto list(UUID itemId) {
        items.requireExists(itemId);
        return new ImageListDto(images.findByItemIdOrderByCreatedAtAscIdAsc(itemId).stream()
                .map(mapper::toDto)
                .toList());
    }

    @Transactional(readOnly = true)
    public ImageFile file(UUID itemId, UUID imageId) {
        ItemImage image = find(itemId, imageId);
        return new ImageFile(
                storage.resolve(itemId, imageId), image.getContentType(), image.getSize(), image.getSha256());
    }

    /** Deletes the row, then (once that committed) the file. Existence is public, so 404 comes before 403. */
    public void delete(UUID itemId, UUID imageId, Actor actor) throws IOException {
        transaction.executeWithoutResult(status -> {
            ItemImage image = find(itemId, imageId);
            items.requireChangeable(itemId, actor);
            images.delete(image);
        });
        storage.delete(itemId, imageId);
    }

    /** Rows go with the item (foreign key cascade); the files go once the deletion committed. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void itemDeleted(ItemDeleted event) {
        try {
            storage.deleteAll(event.itemId());
        } catch (IOException e) {
            log.warn("Could not delete the image files of deleted item {}: {}", event.itemId(), e.getMessage());
        }
    }

    private ItemImage find(UUID itemId, UUID imageId) {
        return images.findByIdAndItemId(imageId, itemId)
                .orElseThrow(() -> new ApiException(
                        ProblemType.IMAGE_NOT_FOUND, "No image with id " + imageId + " on item " + itemId + "."));
    }

    private void requireRoom(UUID itemId, long count) {
        if (count >= properties.maxPerItem()) {
            throw new ApiException(
                    ProblemType.IMAGE_LIMIT_REACHED,
                    "An item has at most " + properties.maxPerItem() + " images; delete one before uploading another.");
        }
    }
}
