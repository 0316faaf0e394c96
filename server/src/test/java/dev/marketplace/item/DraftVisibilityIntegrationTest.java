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

/**
 * A {@code draft} is visible only to its owner and to admins: lists, the CSV export and v1 leave it out for
 * everyone else, and a read by id is a 404 that does not reveal it exists.
 */
class DraftVisibilityIntegrationTest extends ApiIntegrationTest {

    ApiClient owner;
    ApiClient admin;
    ApiClient buyer;
    ApiClient otherSeller;
    /** A word only this test's items contain, so q= isolates them from the rest of the shared database. */
    String tag;

    String draft;
    String active;

    @BeforeEach
    void setUp() {
        owner = anonymous.withToken(accounts.session("seller").accessToken());
        admin = anonymous.withToken(accounts.session("admin").accessToken());
        buyer = anonymous.withToken(accounts.session("buyer").accessToken());
        otherSeller = anonymous.withToken(accounts.session("seller").accessToken());
        tag = "vis" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        draft = create(owner, "draft " + tag, "draft");
        active = create(owner, "active " + tag, "active");
    }

    @Test
    void othersNeitherListNorExportNorReadADraft() {
        for (ApiClient other : List.of(anonymous, buyer, otherSeller)) {
            assertThat(listed(other, "")).containsExactly(active);
            assertThat(listed(other, "&status=draft")).isEmpty();
            assertThat(exported(other)).containsExactly(active);
            assertThat(v1Listed(other)).doesNotContain(draft).contains(active);

            JsonNode notFound = problem(other.get("/api/v2/items/" + draft), 404, "item_not_found");
            JsonNode missing = problem(other.get("/api/v2/items/" + UUID.randomUUID()), 404, "item_not_found");
            assertThat(notFound.get("title").asString())
                    .isEqualTo(missing.get("title").asString());
            assertThat(other.get("/api/v1/items/" + draft).status()).isEqualTo(404);
            assertThat(other.get("/api/v2/items/" + active).status()).isEqualTo(200);
        }
    }

    @Test
    void theOwnerAndAdminsSeeIt() {
        for (ApiClient privileged : List.of(owner, admin)) {
            assertThat(listed(privileged, "")).containsExactly(active, draft);
            assertThat(listed(privileged, "&status=draft")).containsExactly(draft);
            assertThat(exported(privileged)).containsExactly(draft, active);
            assertThat(v1Listed(privileged)).contains(draft, active);

            Response read = privileged.get("/api/v2/items/" + draft);
            assertThat(read.status()).isEqualTo(200);
            assertThat(json(read).get("status").asString()).isEqualTo("draft");
            // Only its owner and admins may see it: no shared cache may store it.
            assertThat(read.header("Cache-Control")).isEqualTo("private, no-cache");
            Response notModified = privileged.send(
                    "GET", "/api/v2/items/" + draft, null, null, Map.of("If-None-Match", read.header("ETag")));
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(privileged.get("/api/v1/items/" + draft).status()).isEqualTo(200);
            assertThat(privileged.get("/api/v2/items?q=" + tag).header("Cache-Control"))
                    .isEqualTo("private, no-cache");
        }
        assertThat(anonymous.get("/api/v2/items?q=" + tag).header("Cache-Control"))
                .isEqualTo("no-cache");
        assertThat(anonymous.get("/api/v2/items/" + active).header("Cache-Control"))
                .isEqualTo("no-cache");
    }

    @Test
    void anApiKeyOfTheOwnerSeesTheDraftOnThePublicList() {
        ApiClient partner = anonymous.withToken(accounts.session("partner").accessToken());
        String partnerDraft = create(partner, "partner draft " + tag, "draft");
        String key = json(partner.post("/api/v2/api-keys", "{\"name\":\"drafts\",\"scopes\":[\"items:read\"]}"))
                .get("key")
                .asString();

        assertThat(listed(anonymous.withApiKey(key), "&status=draft")).containsExactly(partnerDraft);
        assertThat(anonymous
                        .withApiKey(key)
                        .get("/api/v2/items/" + partnerDraft)
                        .status())
                .isEqualTo(200);
        assertThat(listed(owner, "&status=draft")).containsExactly(draft);
    }

    @Test
    void keysetPagingSkipsDraftsWithoutLosingOrRepeatingRows() {
        List<String> visible = new ArrayList<>(List.of(active));
        for (int i = 0; i < 4; i++) {
            create(owner, "draft " + i + " " + tag, "draft");
            visible.add(create(owner, "active " + i + " " + tag, "active"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page =
                    json(buyer.get("/api/v2/items?limit=2&q=" + tag + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("data").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asString();
        } while (cursor != null);
        assertThat(seen).isEqualTo(visible.reversed());
    }

    private List<String> listed(ApiClient client, String filters) {
        Response response = client.get("/api/v2/items?q=" + tag + filters);
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(response).get("data").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private List<String> exported(ApiClient client) {
        Response response = client.get("/api/v2/items/export?sort=created_at&q=" + tag);
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        String[] lines = response.body().split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            ids.add(lines[i].substring(0, lines[i].indexOf(',')));
        }
        return ids;
    }

    private List<String> v1Listed(ApiClient client) {
        Response response = client.get("/api/v1/items");
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(response).get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static String create(ApiClient client, String name, String status) {
        Response created = client.post("/api/v2/items", """
                {"name":"%s","price":"10.00","currency":"EUR","status":"%s"}""".formatted(name, status));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }
}
