package dev.marketplace.apikey;

import dev.marketplace.api.ApiKeysApi;
import dev.marketplace.api.model.ApiKeyCreate;
import dev.marketplace.api.model.ApiKeyCreated;
import dev.marketplace.api.model.ApiKeyList;
import dev.marketplace.shared.security.CurrentActor;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ApiKeyController implements ApiKeysApi {

    private final ApiKeyService keys;
    private final CurrentActor actor;

    ApiKeyController(ApiKeyService keys, CurrentActor actor) {
        this.keys = keys;
        this.actor = actor;
    }

    @Override
    public ResponseEntity<ApiKeyCreated> createApiKey(ApiKeyCreate apiKeyCreate) {
        ApiKeyCreated created = keys.create(actor.require(), apiKeyCreate);
        return ResponseEntity.created(URI.create(ApiKeysApi.PATH_REVOKE_API_KEY.replace(
                        "{api_key_id}", created.getApiKey().getId().toString())))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @Override
    public ResponseEntity<ApiKeyList> listApiKeys() {
        return ResponseEntity.ok(keys.list(actor.require()));
    }

    @Override
    public ResponseEntity<Void> revokeApiKey(UUID apiKeyId) {
        keys.revoke(actor.require(), apiKeyId);
        return ResponseEntity.noContent().build();
    }
}
