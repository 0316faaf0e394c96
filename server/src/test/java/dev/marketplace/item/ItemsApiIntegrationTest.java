package dev.marketplace.item;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The items API over real HTTP against the embedded PostgreSQL; every response is checked against the spec. */
class ItemsApiIntegrationTest extends ApiIntegrationTest {

    /** Signed in as a seller: item writes need {@code items:write}. */
    ApiClient api;

    @BeforeEach
    void signIn() {
        api = anonymous.withToken(seller().accessToken());
    }

    @Test
    void createReturns201WithLocationAndServerOwnedFields() {
        Response created = api.post("/api/v2/items", """
                {"name":"Brass desk lamp","description":"Rewired","price":"49.9","currency":"EUR"}""");

        assertThat(created.status()).isEqualTo(201);
        JsonNode item = json(created);
        assertThat(created.header("Location"))
                .isEqualTo("/api/v2/items/" + item.get("id").asString());
        assertThat(item.get("price").asString()).isEqualTo("49.90");
        assertThat(item.get("status").asString()).isEqualTo("active");
        assertThat(item.get("version").asLong()).isZero();
        // Time-ordered (UUIDv7): new rows land at the right edge of the primary-key index (TimeOrderedIds).
        assertThat(UUID.fromString(item.get("id").asString()).version()).isEqualTo(7);
        assertThat(item.get("owner_id").asString()).isEqualTo(seller().id());
        assertThat(item.get("created_at").asString())
                .endsWith("Z")
                .isEqualTo(item.get("updated_at").asString());

        JsonNode fetched = json(api.get(created.header("Location")));
        assertThat(fetched).isEqualTo(item);
    }

    @Test
    void priceIsNormalisedToTheCurrencyMinorUnits() {
        assertThat(json(create("Skillet", "3900", "JPY")).get("price").asString())
                .isEqualTo("3900");
        assertThat(json(create("Lamp", "10", "USD")).get("price").asString()).isEqualTo("10.00");
        assertThat(json(create("Dinar thing", "1.125", "BHD")).get("price").asString())
                .isEqualTo("1.125");
    }

    @Test
    void createRejectsMoreFractionDigitsThanTheCurrencyHas() {
        Response response = create("Skillet", "10.5", "JPY");
        assertValidationError(response, "price", "scale");
    }

    @Test
    void createRejectsAnUnknownCurrency() {
        assertValidationError(create("Lamp", "10.00", "ABC"), "currency", "currency");
    }

    @Test
    void createRejectsServerOwnedFields() {
        Response response = api.post("/api/v2/items", """
                {"name":"Lamp","price":"1.00","currency":"EUR","id":"%s"}""".formatted(UUID.randomUUID()));
        assertValidationError(response, "id", "unknown_property");
        assertValidationError(api.post("/api/v2/items", """
                {"name":"Lamp","price":"1.00","currency":"EUR","version":7}"""), "version", "unknown_property");
        assertValidationError(api.post("/api/v2/items", """
                {"name":"Lamp","price":"1.00","currency":"EUR","owner_id":"someone-else"}"""), "owner_id", "unknown_property");
    }

    @Test
    void createWithMissingAndInvalidFieldsListsEveryError() {
        Response response = api.post("/api/v2/items", """
                {"price":"12.345678","currency":"eur"}""");
        JsonNode problem = problem(response, 400, "validation_error");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("name", "price", "currency");
    }

    @Test
    void listWalksEveryPageWithTheCursorWithoutDuplicates() {
        String marker = "walk" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(json(create(marker + " item " + i, i + ".00", "EUR"))
                    .get("id")
                    .asString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get("/api/v2/items?limit=3&q=" + marker + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            JsonNode body = json(page);
            body.get("data").forEach(item -> seen.add(item.get("id").asString()));
            cursor = body.get("has_more").asBoolean() ? body.get("next_cursor").asString() : null;
            if (cursor == null) {
                assertThat(body.get("next_cursor").isNull()).isTrue();
            }
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(seen).isEqualTo(ids.reversed());
    }

    @Test
    void listSortsByPriceAndFiltersByStatusAndPriceRange() {
        String marker = "sort" + UUID.randomUUID().toString().substring(0, 8);
        create(marker + " c", "30.00", "EUR");
        create(marker + " a", "10.00", "EUR");
        create(marker + " b", "20.00", "EUR");
        api.post("/api/v2/items", """
                {"name":"%s d","price":"15.00","currency":"EUR","status":"draft"}""".formatted(marker));

        JsonNode byPrice = json(api.get("/api/v2/items?sort=price&status=active&q=" + marker));
        assertThat(names(byPrice)).containsExactly(marker + " a", marker + " b", marker + " c");

        JsonNode ranged = json(api.get("/api/v2/items?sort=-price&min_price=10.5&max_price=30&q=" + marker));
        assertThat(names(ranged)).containsExactly(marker + " c", marker + " b", marker + " d");

        JsonNode first = json(api.get("/api/v2/items?sort=price&limit=2&q=" + marker));
        JsonNode second = json(api.get("/api/v2/items?sort=price&limit=2&q=" + marker + "&cursor="
                + first.get("next_cursor").asString()));
        assertThat(names(second)).containsExactly(marker + " b", marker + " c");
        assertThat(second.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void anEmptyResultIsAnEmptyList() {
        JsonNode page = json(api.get("/api/v2/items?q=nothing-matches-" + UUID.randomUUID()));
        assertThat(page.get("data").isArray()).isTrue();
        assertThat(page.get("data")).isEmpty();
        assertThat(page.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void listRejectsOutOfRangeAndMalformedParameters() {
        assertValidationError(api.get("/api/v2/items?limit=0"), "limit", "minimum");
        assertValidationError(api.get("/api/v2/items?limit=101"), "limit", "maximum");
        assertValidationError(api.get("/api/v2/items?limit=abc"), "limit", "type");
        assertValidationError(api.get("/api/v2/items?status=sold"), "status", "type");
        assertValidationError(api.get("/api/v2/items?sort=name"), "sort", "type");
        assertValidationError(api.get("/api/v2/items?min_price=-1"), "min_price", "pattern");
        assertValidationError(api.get("/api/v2/items?q=" + "x".repeat(101)), "q", "length");
    }

    @Test
    void listRejectsCursorsItDidNotIssueOrForAnotherSort() {
        create("cursor " + UUID.randomUUID(), "1.00", "EUR");
        create("cursor " + UUID.randomUUID(), "2.00", "EUR");
        String priceCursor = json(api.get("/api/v2/items?sort=price&limit=1"))
                .get("next_cursor")
                .asString();

        problem(api.get("/api/v2/items?cursor=" + priceCursor), 400, "invalid_cursor");
        problem(api.get("/api/v2/items?cursor=bm90LWEtY3Vyc29y"), 400, "invalid_cursor");
        problem(api.get("/api/v2/items?cursor=" + "A".repeat(40)), 400, "invalid_cursor");
    }

    @Test
    void patchChangesOnlyThePropertiesItContains() {
        JsonNode item = json(create("Oak shelf", "220.00", "EUR"));
        String path = "/api/v2/items/" + item.get("id").asString();

        Response patched = api.patch(path, """
                {"price":"199.5"}""");

        assertThat(patched.status()).isEqualTo(200);
        JsonNode after = json(patched);
        assertThat(after.get("price").asString()).isEqualTo("199.50");
        assertThat(after.get("name").asString()).isEqualTo("Oak shelf");
        assertThat(after.get("description").asString()).isEqualTo("described");
        assertThat(after.get("version").asLong()).isEqualTo(1);
        assertThat(after.get("created_at")).isEqualTo(item.get("created_at"));
        assertThat(after.get("updated_at").asString())
                .isGreaterThan(item.get("updated_at").asString());
    }

    @Test
    void patchWithNullClearsTheDescription() {
        String path =
                "/api/v2/items/" + json(create("Lamp", "5.00", "EUR")).get("id").asString();

        JsonNode after = json(api.patch(path, """
                {"description":null}"""));

        assertThat(after.get("description").isNull()).isTrue();
        assertThat(json(api.get(path)).get("description").isNull()).isTrue();
    }

    @Test
    void patchRejectsNullOnRequiredEmptyPatchesUnknownAndReadOnlyProperties() {
        String path =
                "/api/v2/items/" + json(create("Lamp", "5.00", "EUR")).get("id").asString();

        assertValidationError(api.patch(path, "{\"name\":null}"), "name", "not_null");
        problem(api.patch(path, "{}"), 400, "empty_patch");
        assertValidationError(api.patch(path, "{\"colour\":\"red\"}"), "colour", "unknown_property");
        assertValidationError(api.patch(path, "{\"version\":5}"), "version", "unknown_property");
        assertValidationError(api.patch(path, "{\"price\":12}"), "price", "type");
        assertValidationError(api.patch(path, "{\"name\":\"\"}"), "name", "length");
        problem(
                api.send("PATCH", path, "application/json", "{\"name\":\"x\"}", Map.of()),
                415,
                "unsupported_media_type");

        JsonNode unchanged = json(api.get(path));
        assertThat(unchanged.get("version").asLong()).isZero();
        assertThat(unchanged.get("name").asString()).isEqualTo("Lamp");
    }

    @Test
    void patchingTheCurrencyChecksThePriceAgainstIt() {
        String path =
                "/api/v2/items/" + json(create("Lamp", "5.50", "EUR")).get("id").asString();
        assertValidationError(api.patch(path, "{\"currency\":\"JPY\"}"), "price", "scale");
        assertThat(json(api.patch(path, "{\"currency\":\"USD\"}"))
                        .get("currency")
                        .asString())
                .isEqualTo("USD");
    }

    @Test
    void deleteReturns204ThenTheItemIsGone() {
        String path = "/api/v2/items/"
                + json(create("Gone soon", "1.00", "EUR")).get("id").asString();

        Response deleted = api.delete(path);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        problem(api.get(path), 404, "item_not_found");
        problem(api.delete(path), 404, "item_not_found");
        problem(api.patch(path, "{\"name\":\"x\"}"), 404, "item_not_found");
    }

    @Test
    void aMalformedIdIsA400NotA500() {
        assertValidationError(api.get("/api/v2/items/not-a-uuid"), "item_id", "type");
        assertValidationError(api.delete("/api/v2/items/123"), "item_id", "type");
    }

    @Test
    void textTheDatabaseCannotStoreIsA400NotA500() {
        problem(
                api.post("/api/v2/items", "{\"name\":\"nul\\u0000byte\",\"price\":\"1.00\",\"currency\":\"EUR\"}"),
                400,
                "bad_request");
        problem(api.get("/api/v2/items?q=%00"), 400, "bad_request");
    }

    private Response create(String name, String price, String currency) {
        Response response = api.post("/api/v2/items", """
                {"name":"%s","description":"described","price":"%s","currency":"%s"}""".formatted(name, price, currency));
        return response;
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("data").forEach(item -> names.add(item.get("name").asString()));
        return names;
    }
}
