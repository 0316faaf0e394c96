package dev.marketplace.apikey;

import dev.marketplace.api.model.ApiKeyCreateDto;
import dev.marketplace.api.model.ApiKeyCreatedDto;
import dev.marketplace.api.model.ApiKeyListDto;
import dev.marketplace.api.model.ApiKeyScopeDto;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.Actor;
import dev.marketplace.shared.security.ApiKeyAuthenticator;
import dev.marketplace.shared.security.SecretTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Partner API keys: minted once, stored hashed, scoped, revocable at once. */
@Service
public class ApiKeyService implements ApiKeyAuthenticator {

    static final String PREFIX = "mk_live_";
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final ApiKeyMapper mapper;
    private final Clock clock;

    ApiKeyService(ApiKeyRepository keys, ApiKeyMapper mapper, Clock clock) {
        this.keys = keys;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Transactional
    public ApiKeyCreatedDto create(Actor owner, ApiKeyCreateDto request) {
        String raw = SecretTokens.generate(PREFIX, 32);
        if (request.getScopes().stream()
                .anyMatch(java.util.Objects::isNull)) { // JSON [null]: Bean Validation does not look inside the set
            throw dev.marketplace.shared.problem.ApiException.invalidField(
                    "scopes", "not_null", "must not contain null");
        }
        String scopes = request.getScopes().stream()
                .map(ApiKeyScopeDto::getValue)
                .distinct()
                .sorted()
                .collect(Collectors.joining(" "));
        ApiKey key = keys.saveAndFlush(new ApiKey(
                ownerId(owner), request.getName(), raw.substring(0, 12), SecretTokens.hash(raw), scopes, now()));
        return new ApiKeyCreatedDto(raw, mapper.toDto(key));
    }

    @Transactional(readOnly = true)
    public ApiKeyListDto list(Actor owner) {
        return new ApiKeyListDto(keys.findTop100ByOwnerIdOrderByCreatedAtDesc(ownerId(owner)).stream()
                .map(mapper::toDto)
                .toList());
    }

    @Transactional
    public void revoke(Actor owner, UUID id) {
        ApiKey key = keys.findByIdAndOwnerId(id, ownerId(owner))
                .orElseThrow(
                        () -> new ApiException(ProblemType.NOT_FOUND, "No API key with id " + id + " among yours."));
        key.revoke(now());
        keys.saveAndFlush(key);
    }

    @Override
    @Transactional
    public Optional<Actor> authenticate(String rawKey) {
        if (!rawKey.startsWith(PREFIX) || rawKey.length() > 64) {
            return Optional.empty();
        }
        Optional<ApiKey> key = keys.findByKeyHash(SecretTokens.hash(rawKey)).filter(k -> !k.isRevoked());
        key.ifPresent(k -> keys.touch(k.getId(), now(), now().minus(TOUCH_INTERVAL)));
        return key.map(k -> new Actor(
                k.getOwnerId().toString(),
                Set.copyOf(Arrays.asList(k.getScopes().split(" ")))));
    }

    private static UUID ownerId(Actor actor) {
        try {
            return UUID.fromString(actor.subject());
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    ProblemType.FORBIDDEN,
                    "API keys belong to accounts of this service; external identities cannot hold them.");
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
