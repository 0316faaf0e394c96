package dev.marketplace.client;

import dev.marketplace.client.api.ItemsApi;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.ItemPage;
import dev.marketplace.client.model.ItemPatch;
import dev.marketplace.client.model.ItemSort;
import dev.marketplace.client.model.ItemStatus;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;

/**
 * The README's usage example. {@link LiveUsageExampleTest} runs it against the real server and
 * checks that the README still shows exactly this code (between the tag comments).
 */
final class UsageExample {

    private UsageExample() {}

    /** Runs the example as the seller {@code email} (who has signed up); returns the names of the items it listed. */
    static List<String> run(String baseUrl, String email, String password) {
        List<String> listed = new java.util.ArrayList<>();
        // tag::usage[]
        MarketplaceClient client = MarketplaceClient.create(baseUrl);
        // Sign in (a seller: creating items needs the items:write scope). From now on every request
        // carries the access token, refreshed by the client before it expires.
        client.login(email, password);
        ItemsApi items = client.items();

        // Create: 201 with the new item and its Location.
        ResponseEntity<Item> created = items.createItemWithHttpInfo(new ItemCreate()
                .name("Brass desk lamp")
                .description("A 1950s brass desk lamp, rewired.")
                .price("49.90")
                .currency("EUR")
                .status(ItemStatus.ACTIVE));
        UUID id = created.getBody().getId();
        System.out.println("Created " + created.getHeaders().getLocation());

        // List: pass next_cursor back as cursor while has_more is true ...
        String cursor = null;
        ItemPage page;
        do {
            page = items.listItems(20, cursor, "lamp", ItemStatus.ACTIVE, null, "100", ItemSort.PRICE_ASC);
            page.getData().forEach(item -> listed.add(item.getName()));
            cursor = page.getNextCursor();
        } while (Boolean.TRUE.equals(page.getHasMore()));
        // ... or let the client walk the pages lazily.
        long count = client.listAllItems(20, "lamp", ItemStatus.ACTIVE, null, "100", ItemSort.PRICE_ASC)
                .count();

        // Merge patch: only what you set is sent. Here the price changes, everything else stays.
        // The last argument is If-Match: null writes unconditionally.
        Item repriced = items.updateItem(id, new ItemPatch().price("39.50"), null);
        // An explicit null clears the description: {"description": null}.
        Item cleared = items.updateItem(id, new ItemPatch().description(null), null);
        // Conditional write: send the ETag you read; if someone changed the item since, it is a 412
        // (ProblemException, code precondition_failed) and nothing changes.
        String etag = items.getItemWithHttpInfo(id, null).getHeaders().getETag();
        Item retagged = items.updateItem(id, new ItemPatch().tags(List.of("lighting", "restored")), etag);

        // Errors are ProblemExceptions carrying the parsed RFC 9457 problem.
        items.deleteItem(id, null);
        String code;
        try {
            items.getItem(id, null);
            code = "found";
        } catch (ProblemException e) {
            code = e.getCode().orElse("unknown"); // item_not_found
            System.out.println(e.getStatusCode().value() + " " + code // 404
                    + " (request " + e.getRequestId().orElse("-") + ")"); // quote it when reporting
        }
        // end::usage[]
        if (count != listed.size()
                || !"39.50".equals(repriced.getPrice())
                || cleared.getDescription() != null
                || !"item_not_found".equals(code)) {
            throw new AssertionError(
                    "usage example misbehaved: " + count + " " + repriced + " " + cleared + " " + code);
        }
        return listed;
    }
}
