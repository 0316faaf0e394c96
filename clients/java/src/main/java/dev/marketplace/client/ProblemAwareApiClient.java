package dev.marketplace.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated client, except for the {@code Accept} header: the generated one sends only the
 * first JSON type an operation declares (so {@code application/json} without
 * {@code application/problem+json}, and {@code deleteItem}, which returns no body on success, only
 * {@code application/problem+json}). This one always accepts both for JSON operations.
 */
final class ProblemAwareApiClient extends ApiClient {

    ProblemAwareApiClient(RestClient restClient, JsonMapper mapper) {
        super(restClient, mapper, createDefaultDateFormat());
    }

    @Override
    public @Nullable List<MediaType> selectHeaderAccept(String[] accepts) {
        if (accepts.length == 0) {
            return null;
        }
        Set<MediaType> types = new LinkedHashSet<>(MediaType.parseMediaTypes(String.join(",", accepts)));
        if (types.stream().anyMatch(this::isJsonMime)) {
            Set<MediaType> json =
                    new LinkedHashSet<>(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
            json.addAll(types);
            types = json;
        }
        return List.copyOf(types);
    }
}
