package dev.marketplace.version;

import dev.marketplace.api.V1Api;
import dev.marketplace.api.model.ItemDto;
import dev.marketplace.api.model.V1ItemDto;
import dev.marketplace.api.model.V1ItemListDto;
import dev.marketplace.api.model.V1UserListDto;
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
    private final V1Mapper mapper;

    V1Controller(ItemService items, UserService users, CurrentActor actor, V1Mapper mapper) {
        this.items = items;
        this.users = users;
        this.actor = actor;
        this.mapper = mapper;
    }

    @Override
    public ResponseEntity<V1ItemListDto> listItemsV1() {
        List<ItemDto> newest = items.newest(V1_LIST_BOUND, actor.optional());
        V1ItemListDto list = new V1ItemListDto(newest.stream().map(mapper::toV1).toList());
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, ItemCachePolicy.of(newest))
                .body(list);
    }

    @Override
    public ResponseEntity<V1ItemDto> getItemV1(UUID itemId) {
        ItemDto item = items.get(itemId, actor.optional());
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, ItemCachePolicy.of(item))
                .body(mapper.toV1(item));
    }

    @Override
    public ResponseEntity<V1UserListDto> listUsersV1() {
        V1UserListDto list = new V1UserListDto(users.list(V1_LIST_BOUND, null).getData().stream()
                .map(mapper::toV1)
                .toList());
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, CachePolicy.PRIVATE_REVALIDATE)
                .body(list);
    }
}
