package dev.marketplace.client;

import dev.marketplace.client.api.AuthApi;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assembles what {@link MarketplaceClient.Builder} configured: the {@link RestClient} (problems thrown as
 * {@link ProblemException}, request ids, bearer tokens, the caller's customizers, in that order), the
 * {@link ProblemAwareApiClient} on top of it, and the {@link TokenSession} unless tokens come from the caller.
 */
final class ClientWiring {

    /** What {@link MarketplaceClient} is made of. */
    record Parts(
            JsonMapper mapper,
            ApiClient apiClient,
            @Nullable TokenSession session) {}

    private ClientWiring() {}

    static Parts wire(
            String baseUrl,
            JsonMapper mapper,
            @Nullable Supplier<String> requestIds,
            @Nullable Supplier<String> accessTokens,
            Clock clock,
            List<Consumer<RestClient.Builder>> customizers) {
        RestClient.Builder restClientBuilder = ApiClient.buildRestClientBuilder(mapper)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw ProblemException.of(
                            response.getStatusCode(),
                            response.getStatusText(),
                            response.getHeaders(),
                            StreamUtils.copyToByteArray(response.getBody()),
                            mapper);
                });
        if (requestIds != null) {
            restClientBuilder.requestInterceptor(requestIdInterceptor(requestIds));
        }
        BearerInterceptor bearer = new BearerInterceptor(accessTokens);
        restClientBuilder.requestInterceptor(bearer);
        customizers.forEach(c -> c.accept(restClientBuilder));
        ApiClient apiClient = new ProblemAwareApiClient(restClientBuilder.build(), mapper);
        apiClient.setBasePath(trimTrailingSlash(baseUrl));
        TokenSession session = accessTokens == null ? new TokenSession(new AuthApi(apiClient), clock) : null;
        bearer.session = session;
        return new Parts(mapper, apiClient, session);
    }

    /** Sets {@code X-Request-Id} on every request that has none. */
    private static ClientHttpRequestInterceptor requestIdInterceptor(Supplier<String> ids) {
        return (request, body, execution) -> {
            if (!request.getHeaders().containsHeader(MarketplaceClient.REQUEST_ID_HEADER)) {
                request.getHeaders().set(MarketplaceClient.REQUEST_ID_HEADER, ids.get());
            }
            return execution.execute(request, body);
        };
    }

    private static String trimTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
