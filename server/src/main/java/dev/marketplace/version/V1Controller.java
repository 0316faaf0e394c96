package dev.marketplace.version;

import dev.marketplace.api.V1Api;
import dev.marketplace.api.model.Item;
import dev.marketplace.api.model.User;
import dev.marketplace.api.model.V1Item;
import dev.marketplace.api.model.V1ItemList;
import dev.marketplace.api.model.V1User;
import dev.marketplace.api.model.V1UserList;
import dev.marketplace.item.ItemCachePolicy;
import dev.marketplace.item.ItemService;
import dev.marketplace.shared.security.CurrentActor;
import dev.marketplace.shared.web.CachePolicy;
import dev.marketplace.user.UserService;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The frozen v1 API: the same services as v2, mapped to the original shapes. No business logic of its
 * own; the deprecation headers come from {@link DeprecationHeadersFilter}.
 */
@RestController
class V1Controller implements V1Api {

    /** v1 never paged: its lists are bounded to the newest 100 instead. */
    static final int V1_LIST_BOUND = 100;

    private final ItemService items;
    private final UserService users;
    private final CurrentActor actor;

    V1Controller(ItemService items, UserService users, CurrentActor actor) {
        this.items = items;
        this.users = users;
        this.actor = actor;
    }

    @Override
    public ResponseEntity<V1ItemList> listItemsV1() {
        List<Item> newest = items.newest(V1_LIST_BOUND, actor.optional());
        V1ItemList list = new V1ItemList(newest.stream().map(V1Controller::v1).toList());
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, ItemCachePolicy.of(newest))
                .body(list);
    }

    @Override
    public ResponseEntity<V1Item> getItemV1(UUID itemId) {
        Item item = items.get(itemId, actor.optional());
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, ItemCachePolicy.of(item))
                .body(v1(item));
    }

    @Override
    public ResponseEntity<V1UserList> listUsersV1() {
        V1UserList list = new V1UserList(users.list(V1_LIST_BOUND, null).getData().stream()
                .map(V1Controller::v1)
                .toList());
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, CachePolicy.PRIVATE_REVALIDATE)
                .body(list);
    }

    private static V1Item v1(Item item) {
        return new V1Item(item.getId(), item.getName(), item.getCreatedAt());
    }

    /** Only active accounts are listed, so {@code is_active} is always true. */
    private static V1User v1(User user) {
        return new V1User(user.getId(), user.getDisplayName(), user.getEmail(), true, user.getCreatedAt());
    }
}
