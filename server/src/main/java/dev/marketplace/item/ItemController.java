package dev.marketplace.item;

import dev.marketplace.api.ItemsApi;
import dev.marketplace.api.model.Item;
import dev.marketplace.api.model.ItemCreate;
import dev.marketplace.api.model.ItemPage;
import dev.marketplace.api.model.ItemPatch;
import dev.marketplace.api.model.ItemSort;
import dev.marketplace.api.model.ItemStatus;
import dev.marketplace.shared.security.CurrentActor;
import java.net.URI;
import java.util.UUID;
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
    public ResponseEntity<ItemPage> listItems(Integer limit, String cursor, String q, ItemStatus status,
            String minPrice, String maxPrice, ItemSort sort) {
        ItemQuery query = new ItemQuery(limit == null ? 20 : limit, cursor, q, status, minPrice, maxPrice,
                sort == null ? ItemSort.CREATED_AT_DESC : sort);
        return ResponseEntity.ok(service.list(query));
    }

    @Override
    public ResponseEntity<Item> createItem(ItemCreate itemCreate) {
        Item created = service.create(itemCreate, actor.require());
        return ResponseEntity.created(URI.create(ItemsApi.PATH_GET_ITEM.replace("{item_id}", created.getId().toString())))
                .body(created);
    }

    @Override
    public ResponseEntity<Item> getItem(UUID itemId) {
        return ResponseEntity.ok(service.get(itemId));
    }

    @Override
    public ResponseEntity<Item> updateItem(UUID itemId, ItemPatch itemPatch) {
        return ResponseEntity.ok(service.update(itemId, itemPatch, actor.require()));
    }

    @Override
    public ResponseEntity<Void> deleteItem(UUID itemId) {
        service.delete(itemId, actor.require());
        return ResponseEntity.noContent().build();
    }
}
