package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.client.model.ApiKeyCreate;
import dev.marketplace.client.model.ApiKeyCreated;
import dev.marketplace.client.model.ApiKeyList;
import dev.marketplace.client.model.ApiKeyScope;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.ItemStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Partner-integration contracts, aPI keys: create (the key once), list (no secrets), revoke, and a client authenticated with a key. Shares the stub runner and its checks with the other partner contract tests ({@link PartnerContractSupport}). */
class PartnerApiKeysContractTest extends PartnerContractSupport {

    @Test
    void createApiKeyReturnsTheKeyOnlyInThisResponse() {
        ResponseEntity<ApiKeyCreated> response = client.apiKeys()
                .createApiKeyWithHttpInfo(new ApiKeyCreate()
                        .name("catalogue sync")
                        .scopes(new java.util.LinkedHashSet<>(
                                List.of(ApiKeyScope.ITEMS_READ, ApiKeyScope.ITEMS_WRITE))));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ApiKeyCreated created = response.getBody();
        assertThat(created).isNotNull();
        assertThat(created.getKey()).startsWith("mk_live_");
        assertThat(created.getApiKey().getPrefix()).isEqualTo(created.getKey().substring(0, 12));
        assertThat(created.getApiKey().getScopes()).containsExactly(ApiKeyScope.ITEMS_READ, ApiKeyScope.ITEMS_WRITE);
        assertThat(response.getHeaders().getLocation().getPath())
                .isEqualTo("/api/v2/api-keys/" + created.getApiKey().getId());
    }

    @Test
    void listApiKeysShowsTheKeysWithoutTheirSecrets() {
        ApiKeyList keys = client.apiKeys().listApiKeys();

        assertThat(keys.getData()).hasSize(1);
        assertThat(keys.getData().getFirst().getPrefix()).isEqualTo(PARTNER_API_KEY.substring(0, 12));
        assertThat(keys.getData().getFirst().getRevokedAt()).isNull();
    }

    @Test
    void revokeApiKeySucceedsWithNoContent() {
        ResponseEntity<Void> response = client.apiKeys().revokeApiKeyWithHttpInfo(PARTNER_API_KEY_ID);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void anApiKeyClientCreatesItemsOwnedByThePartner() {
        MarketplaceClient withKey = MarketplaceClient.builder("http://localhost:" + stubPort)
                .requestIds(() -> REQUEST_ID)
                .apiKey(PARTNER_API_KEY)
                .build();

        Item item = withKey.items()
                .createItem(new ItemCreate().name("Synced lamp").price("12.00").currency("EUR"));

        assertThat(item.getOwnerId()).isEqualTo(PARTNER_ID);
        assertThat(item.getStatus()).isEqualTo(ItemStatus.ACTIVE);
    }
}
