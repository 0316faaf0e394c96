package dev.marketplace.contracts;

import dev.marketplace.item.ItemExportSlots;
import java.util.ArrayList;
import java.util.List;

/**
 * Two running exports of {@link UserFixtures#OTHER_SELLER}, held in the server's export slots during every test,
 * so {@code export_items_too_many_exports} (one request, as every contract) meets the per-client limit. No other
 * contract exports as that account.
 */
final class ExportFixtures {

    private static final List<ItemExportSlots.Lease> HELD = new ArrayList<>();

    private ExportFixtures() {}

    static synchronized void hold(ItemExportSlots slots) {
        release();
        for (int i = 0; i < 2; i++) {
            if (slots.tryAcquire("sub:" + UserFixtures.OTHER_SELLER.id()) instanceof ItemExportSlots.Lease lease) {
                HELD.add(lease);
            }
        }
    }

    static synchronized void release() {
        HELD.forEach(ItemExportSlots.Lease::close);
        HELD.clear();
    }
}
