package dev.marketplace.item;

import dev.marketplace.api.ItemsApi;
import dev.marketplace.api.model.ItemCreateDto;
import dev.marketplace.api.model.ItemDto;
import dev.marketplace.api.model.ItemPageDto;
import dev.marketplace.api.model.ItemPatchDto;
import dev.marketplace.api.model.ItemSortDto;
import dev.marketplace.api.model.ItemStatusDto;
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
    public ResponseEntity<ItemPageDto> listItems(
            Integer limit,
            String cursor,
            String q,
            ItemStatusDto status,
            String minPrice,
            String maxPrice,
            ItemSortDto sort) {
        ItemQuery query = new ItemQuery(
                limit == null ? 20 : limit,
                cursor,
                q,
                status,
                minPrice,
                maxPrice,
                sort == null ? ItemSortDto.CREATED_AT_DESC : sort,
                actor.optional());
        ItemPageDto page = service.list(query);
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, ItemCachePolicy.of(page.getData()))
                .body(page);
    }

    @Override
    public ResponseEntity<ItemDto> createItem(ItemCreateDto itemCreate) {
        ItemDto created = service.create(itemCreate, actor.require());
        return ResponseEntity.created(URI.create(ItemsApi.PATH_GET_ITEM.replace(
                        "{item_id}", created.getId().toString())))
                .eTag(tag(created))
                .body(created);
    }

    @Override
    public ResponseEntity<ItemDto> getItem(UUID itemId, String ifNoneMatch) {
        ItemDto item = service.get(itemId, actor.optional());
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
    public ResponseEntity<ItemDto> updateItem(UUID itemId, ItemPatchDto itemPatch, String ifMatch) {
        ItemDto updated = service.update(itemId, itemPatch, actor.require(), EntityTags.ifMatch(ifMatch, itemId));
        return ResponseEntity.ok().eTag(tag(updated)).body(updated);
    }

    @Override
    public ResponseEntity<Void> deleteItem(UUID itemId, String ifMatch) {
        service.delete(itemId, actor.require(), EntityTags.ifMatch(ifMatch, itemId));
        return ResponseEntity.noContent().build();
    }

    private static String tag(ItemDto item) {
        return EntityTags.of(item.getId(), item.getVersion());
    }
}
