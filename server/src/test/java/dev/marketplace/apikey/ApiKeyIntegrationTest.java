package dev.marketplace.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts.Session;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Partner API keys over real HTTP: shown once, stored hashed, header only, scoped, revoked at once. */
class ApiKeyIntegrationTest extends ApiIntegrationTest {

    @Test
    void aKeyIsShownOnceAndActsAsItsPartnerWithItsScopes() {
        Session partner = accounts.session("partner");
        ApiClient asPartner = anonymous.withToken(partner.accessToken());

        Response created = asPartner.post("/api/v2/api-keys", "{\"name\":\"sync\",\"scopes\":[\"items:write\"]}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = json(created);
        String key = body.get("key").asString();
        assertThat(key).startsWith("mk_live_").hasSizeGreaterThan(40);
        assertThat(body.get("api_key").get("prefix").asString()).isEqualTo(key.substring(0, 12));
        JsonNode listed = json(asPartner.get("/api/v2/api-keys")).get("data").get(0);
        assertThat(listed.toString()).doesNotContain(key);
        assertThat(listed.get("last_used_at").isNull()).isTrue();

        Response item = anonymous
                .withApiKey(key)
                .post("/api/v2/items", "{\"name\":\"Via key\",\"price\":\"5.00\",\"currency\":\"EUR\"}");
        assertThat(item.status()).as(item.body()).isEqualTo(201);
        assertThat(json(item).get("owner_id").asString()).isEqualTo(partner.id());
        assertThat(json(asPartner.get("/api/v2/api-keys"))
                        .get("data")
                        .get(0)
                        .get("last_used_at")
                        .isNull())
                .isFalse();

        // The key's scopes, not the partner's: no account access.
        problem(anonymous.withApiKey(key).get("/api/v2/users/me"), 403, "insufficient_scope");
    }

    @Test
    void revocationTakesEffectAtOnce() {
        ApiClient asPartner = anonymous.withToken(accounts.session("partner").accessToken());
        Response created =
                asPartner.post("/api/v2/api-keys", "{\"name\":\"gone\",\"scopes\":[\"items:read\",\"items:write\"]}");
        String key = json(created).get("key").asString();
        assertThat(anonymous
                        .withApiKey(key)
                        .post("/api/v2/items", "{\"name\":\"x\",\"price\":\"1.00\",\"currency\":\"EUR\"}")
                        .status())
                .isEqualTo(201);

        assertThat(asPartner.delete(created.header("Location")).status()).isEqualTo(204);

        Response refused = anonymous
                .withApiKey(key)
                .post("/api/v2/items", "{\"name\":\"x\",\"price\":\"1.00\",\"currency\":\"EUR\"}");
        problem(refused, 401, "unauthorized");
        assertThat(refused.header("WWW-Authenticate")).startsWith("ApiKey");
        assertThat(json(asPartner.get("/api/v2/api-keys"))
                        .get("data")
                        .get(0)
                        .get("revoked_at")
                        .isNull())
                .isFalse();
    }

    @Test
    void aKeyInTheUrlIsRefusedEvenWhenValid() {
        ApiClient asPartner = anonymous.withToken(accounts.session("partner").accessToken());
        String key = json(asPartner.post("/api/v2/api-keys", "{\"name\":\"url\",\"scopes\":[\"items:read\"]}"))
                .get("key")
                .asString();

        problem(anonymous.get("/api/v2/items?api_key=" + key), 400, "bad_request");
        problem(anonymous.get("/api/v2/items?limit=1&x=" + key), 400, "bad_request");
    }

    @Test
    void onlyPartnersAndAdminsManageKeysAndOnlyTheirOwn() {
        problem(
                anonymous
                        .withToken(accounts.session("seller").accessToken())
                        .post("/api/v2/api-keys", "{\"name\":\"no\",\"scopes\":[\"items:read\"]}"),
                403,
                "insufficient_scope");
        ApiClient first = anonymous.withToken(accounts.session("partner").accessToken());
        ApiClient second = anonymous.withToken(accounts.session("partner").accessToken());
        Response created = first.post("/api/v2/api-keys", "{\"name\":\"mine\",\"scopes\":[\"items:read\"]}");
        problem(second.delete(created.header("Location")), 404, "not_found");
        assertThat(json(second.get("/api/v2/api-keys")).get("data")).isEmpty();
        problem(
                first.post("/api/v2/api-keys", "{\"name\":\"bad\",\"scopes\":[\"users:admin\"]}"),
                400,
                "validation_error");
    }
}
