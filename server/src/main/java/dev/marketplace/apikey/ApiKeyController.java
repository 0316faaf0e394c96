package dev.marketplace.apikey;

import dev.marketplace.api.ApiKeysApi;
import dev.marketplace.api.model.ApiKeyCreateDto;
import dev.marketplace.api.model.ApiKeyCreatedDto;
import dev.marketplace.api.model.ApiKeyListDto;
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
    public ResponseEntity<ApiKeyCreatedDto> createApiKey(ApiKeyCreateDto apiKeyCreate) {
        ApiKeyCreatedDto created = keys.create(actor.require(), apiKeyCreate);
        return ResponseEntity.created(URI.create(ApiKeysApi.PATH_REVOKE_API_KEY.replace(
                        "{api_key_id}", created.getApiKey().getId().toString())))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @Override
    public ResponseEntity<ApiKeyListDto> listApiKeys() {
        return ResponseEntity.ok(keys.list(actor.require()));
    }

    @Override
    public ResponseEntity<Void> revokeApiKey(UUID apiKeyId) {
        keys.revoke(actor.require(), apiKeyId);
        return ResponseEntity.noContent().build();
    }
}
