package dev.marketplace.item;

import dev.marketplace.api.model.ItemCreateDto;
import dev.marketplace.api.model.ItemStatusDto;
import dev.marketplace.shared.security.Actor;
import dev.marketplace.user.DevAccounts;
import dev.marketplace.user.UserService;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Seeds sample items in the {@code dev} profile when the table is empty, so a fresh run has data to show. */
@Component
@Profile("dev")
class SampleItems implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SampleItems.class);

    private static final String[][] SAMPLES = {
        {"Brass desk lamp", "A 1950s brass desk lamp, rewired, with a linen shade.", "49.90", "EUR"},
        {"Oak bookshelf", "Five shelves, solid oak, 180 cm tall.", "220.00", "EUR"},
        {"Vintage film camera", "35 mm rangefinder, fully working, with leather case.", "135.00", "USD"},
        {"Ceramic tea set", "Hand-thrown teapot and four cups.", "64.50", "GBP"},
        {"Road bike", "Steel frame, 56 cm, 18 speeds, new tyres.", "410.00", "EUR"},
        {"Wool blanket", "Merino wool, 150 × 200 cm, charcoal grey.", "79.00", "EUR"},
        {"Mechanical keyboard", "Tenkeyless, brown switches, PBT keycaps.", "95.00", "USD"},
        {"Cast-iron skillet", "28 cm, pre-seasoned.", "3900", "JPY"},
        {"Record player", "Belt drive turntable with built-in preamp.", "150.00", "EUR"},
        {"Linen tablecloth", null, "35.00", "EUR"},
        {"Telescope", "70 mm refractor with tripod, ideal for beginners.", "189.99", "USD"},
        {"Espresso grinder", "Conical burr grinder, stepless adjustment.", "249.00", "EUR"},
    };

    private final ItemService service;
    private final ItemRepository items;
    private final UserService users;
    private final DevAccounts devAccounts;

    SampleItems(ItemService service, ItemRepository items, UserService users, DevAccounts devAccounts) {
        this.service = service;
        this.items = items;
        this.users = users;
        this.devAccounts = devAccounts;
    }

    /** Runs before the web server starts, so the first request already sees the sample data. */
    @Override
    public void afterSingletonsInstantiated() {
        if (items.count() > 0) {
            return;
        }
        devAccounts.ensureSeeded();
        // Owned by the dev seller, so that account can edit them.
        String owner =
                users.idOf(DevAccounts.SELLER_EMAIL).map(Object::toString).orElse(null);
        Actor seller = new Actor(owner == null ? "dev-seller" : owner, Set.of("items:write"));
        for (int i = 0; i < SAMPLES.length; i++) {
            String[] s = SAMPLES[i];
            ItemCreateDto create = new ItemCreateDto(s[0], s[2], s[3]);
            create.setDescription(org.openapitools.jackson.nullable.JsonNullable.of(s[1]));
            create.setStatus(i % 6 == 5 ? ItemStatusDto.DRAFT : ItemStatusDto.ACTIVE);
            service.create(create, seller);
        }
        log.info("Seeded {} sample items (dev profile)", SAMPLES.length);
    }
}
