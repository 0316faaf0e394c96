package dev.marketplace.item;

import dev.marketplace.api.ItemsApi;
import dev.marketplace.api.model.Item;
import dev.marketplace.api.model.ItemCreate;
import dev.marketplace.api.model.ItemPage;
import dev.marketplace.api.model.ItemPatch;
import dev.marketplace.api.model.ItemSort;
import dev.marketplace.api.model.ItemStatus;
import dev.marketplace.shared.security.CurrentActor;
import dev.marketplace.shared.web.EntityTags;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** HTTP face of the item domain: the generated interface holds the mappings and validation. */
@RestController
class ItemController implements ItemsApi {

    private final ItemService service;
    private final CurrentActor actor;

    ItemController(ItemService service, CurrentActor actor) {
        this.service = service;
        this.actor = actor;
    }

    @Override
    public ResponseEntity<ItemPage> listItems(
            Integer limit,
            String cursor,
            String q,
            ItemStatus status,
            String minPrice,
            String maxPrice,
            ItemSort sort) {
        ItemQuery query = new ItemQuery(
                limit == null ? 20 : limit,
                cursor,
                q,
                status,
                minPrice,
                maxPrice,
                sort == null ? ItemSort.CREATED_AT_DESC : sort,
                actor.optional());
        ItemPage page = service.list(query);
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, ItemCachePolicy.of(page.getData()))
                .body(page);
    }

    @Override
    public ResponseEntity<Item> createItem(ItemCreate itemCreate) {
        Item created = service.create(itemCreate, actor.require());
        return ResponseEntity.created(URI.create(ItemsApi.PATH_GET_ITEM.replace(
                        "{item_id}", created.getId().toString())))
                .eTag(tag(created))
                .body(created);
    }

    @Override
    public ResponseEntity<Item> getItem(UUID itemId, String ifNoneMatch) {
        Item item = service.get(itemId, actor.optional());
        String cacheControl = ItemCachePolicy.of(item);
        if (EntityTags.noneMatch(ifNoneMatch, item.getId(), item.getVersion())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(tag(item))
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .build();
        }
        return ResponseEntity.ok()
                .eTag(tag(item))
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .body(item);
    }

    @Override
    public ResponseEntity<Item> updateItem(UUID itemId, ItemPatch itemPatch, String ifMatch) {
        Item updated = service.update(itemId, itemPatch, actor.require(), EntityTags.ifMatch(ifMatch, itemId));
        return ResponseEntity.ok().eTag(tag(updated)).body(updated);
    }

    @Override
    public ResponseEntity<Void> deleteItem(UUID itemId, String ifMatch) {
        service.delete(itemId, actor.require(), EntityTags.ifMatch(ifMatch, itemId));
        return ResponseEntity.noContent().build();
    }

    private static String tag(Item item) {
        return EntityTags.of(item.getId(), item.getVersion());
    }
}
