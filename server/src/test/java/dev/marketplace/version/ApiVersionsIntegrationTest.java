package dev.marketplace.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The frozen, deprecated v1 subset and the version list. */
class ApiVersionsIntegrationTest extends ApiIntegrationTest {

    @Test
    void theVersionListSaysV1IsDeprecatedAndV2Current() {
        Response response = anonymous.get("/api");
        assertThat(response.status()).isEqualTo(200);
        JsonNode versions = json(response).get("data");
        assertThat(versions.get(0).get("version").asString()).isEqualTo("v1");
        assertThat(versions.get(0).get("status").asString()).isEqualTo("deprecated");
        assertThat(versions.get(0).get("sunset").asString()).isEqualTo("2027-01-01T00:00:00.000000Z");
        assertThat(versions.get(1).get("version").asString()).isEqualTo("v2");
        assertThat(versions.get(1).get("status").asString()).isEqualTo("current");
        assertThat(versions.get(1).get("sunset").isNull()).isTrue();
        assertThat(response.header("Deprecation")).isNull();
    }

    @Test
    void v1ItemsHaveTheOriginalShapeAndDeprecationHeaders() {
        ApiClient seller = anonymous.withToken(seller().accessToken());
        JsonNode created =
                json(seller.post("/api/v2/items", "{\"name\":\"v1 lamp\",\"price\":\"1.00\",\"currency\":\"EUR\"}"));
        String id = created.get("id").asString();

        Response one = anonymous.get("/api/v1/items/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertDeprecated(one, "/api/v2/items/" + id);
        JsonNode item = json(one);
        assertThat(fieldNames(item)).containsExactlyInAnyOrder("id", "name", "created_at");
        assertThat(item.get("created_at")).isEqualTo(created.get("created_at"));

        Response list = anonymous.get("/api/v1/items");
        assertDeprecated(list, "/api/v2/items");
        assertThat(fieldNames(json(list))).containsExactly("items");
        assertThat(json(list).get("items").get(0).get("id").asString()).isEqualTo(id);
    }

    @Test
    void v1ListsAreBoundedTo100() {
        ApiClient seller = anonymous.withToken(seller().accessToken());
        for (int i = 0; i < 101; i++) {
            assertThat(seller.post(
                                    "/api/v2/items",
                                    "{\"name\":\"bulk " + i + "\",\"price\":\"1.00\",\"currency\":\"EUR\"}")
                            .status())
                    .isEqualTo(201);
        }
        JsonNode items = json(anonymous.get("/api/v1/items")).get("items");
        assertThat(items.size()).isEqualTo(100);
        assertThat(items.get(0).get("name").asString()).isEqualTo("bulk 100");
    }

    @Test
    void v1ErrorsAreDeprecatedToo() {
        Response missing = anonymous.get("/api/v1/items/99999999-9999-4999-8999-999999999999");
        problem(missing, 404, "item_not_found");
        assertDeprecated(missing, "/api/v2/items/99999999-9999-4999-8999-999999999999");
        Response badId = anonymous.get("/api/v1/items/not-a-uuid");
        assertValidationError(badId, "item_id", "type");
        assertDeprecated(badId, "/api/v2/items/not-a-uuid");

        Response anonymousUsers = anonymous.get("/api/v1/users");
        problem(anonymousUsers, 401, "unauthorized");
        assertDeprecated(anonymousUsers, "/api/v2/users");
        Response buyer =
                anonymous.withToken(accounts.session("buyer").accessToken()).get("/api/v1/users");
        problem(buyer, 403, "insufficient_scope");
        assertDeprecated(buyer, "/api/v2/users");
    }

    @Test
    void v1UsersIsForAdminsInTheOriginalShape() {
        var someone = accounts.session("seller");
        Response response =
                anonymous.withToken(accounts.session("admin").accessToken()).get("/api/v1/users");
        assertThat(response.status()).isEqualTo(200);
        assertDeprecated(response, "/api/v2/users");
        assertThat(response.header("Cache-Control")).isEqualTo("private, no-cache");
        JsonNode users = json(response).get("users");
        assertThat(users.size()).isBetween(1, 100);
        JsonNode first = users.get(1); // the admin just created is first; the seller right before it
        assertThat(fieldNames(first)).containsExactlyInAnyOrder("id", "username", "email", "is_active", "created_at");
        assertThat(first.get("id").asString()).isEqualTo(someone.id());
        assertThat(first.get("username").asString()).isEqualTo("Test seller");
        assertThat(first.get("is_active").asBoolean()).isTrue();
    }

    private static void assertDeprecated(Response response, String successor) {
        assertThat(response.header("Deprecation")).isEqualTo("@1767225600");
        assertThat(response.header("Sunset")).isEqualTo("Fri, 01 Jan 2027 00:00:00 GMT");
        assertThat(response.header("Link")).isEqualTo("<" + successor + ">; rel=\"successor-version\"");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
