package dev.marketplace.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.marketplace.client.api.ItemsApi;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemPage;
import dev.marketplace.client.model.ItemSort;
import dev.marketplace.client.model.ItemStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.StreamUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entry point to the Marketplace API: wires the generated {@link ApiClient} and {@link ItemsApi}
 * (Spring {@link RestClient}, Jackson 3) the way the API expects.
 *
 * <ul>
 *   <li>The JSON mapper knows {@code JsonNullable} and leaves <em>undefined</em> properties out of
 *       request bodies, so an {@code ItemPatch} is a proper JSON Merge Patch: a property that was never
 *       set is absent (unchanged), {@code description(null)} is sent as {@code null} (cleared).</li>
 *   <li>Error responses are thrown as {@link ProblemException} with the parsed {@code Problem}.</li>
 *   <li>Both {@code application/json} and {@code application/problem+json} are accepted.</li>
 *   <li>Every request carries an {@code X-Request-Id} (a random UUID unless configured otherwise).</li>
 * </ul>
 *
 * <pre>{@code
 * MarketplaceClient client = MarketplaceClient.create("https://api.marketplace.example");
 * Item item = client.items().getItem(id);
 * }</pre>
 */
public final class MarketplaceClient {

    /** Header carrying the request id, echoed by the server on every response. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final JsonMapper mapper;
    private final ApiClient apiClient;
    private final ItemsApi items;

    private MarketplaceClient(JsonMapper mapper, ApiClient apiClient) {
        this.mapper = mapper;
        this.apiClient = apiClient;
        this.items = new ItemsApi(apiClient);
    }

    /** A client for the API at {@code baseUrl} (e.g. {@code http://localhost:8080}) with default settings. */
    public static MarketplaceClient create(String baseUrl) {
        return builder(baseUrl).build();
    }

    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * The JSON mapper the client uses: the generated default (JsonNullable module, unknown properties
     * ignored) plus {@code NON_ABSENT} inclusion, so that unset {@code JsonNullable} and unset optional
     * properties are not written at all.
     */
    public static JsonMapper createJsonMapper() {
        return ApiClient.createDefaultMapper(null).rebuild()
                // Applies to bean properties only: null values inside a Map body are still written.
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_ABSENT))
                .build();
    }

    /** The generated items API. */
    public ItemsApi items() {
        return items;
    }

    /** The underlying generated client (base path, default headers, …). */
    public ApiClient apiClient() {
        return apiClient;
    }

    public JsonMapper jsonMapper() {
        return mapper;
    }

    /**
     * Walks {@code listItems} page by page (lazily: a page is fetched when the stream reaches it), passing
     * each page's {@code next_cursor} back as {@code cursor} until {@code has_more} is false.
     * Any argument may be {@code null} (server default).
     */
    public Stream<ItemPage> listItemPages(@Nullable Integer limit, @Nullable String q, @Nullable ItemStatus status,
            @Nullable String minPrice, @Nullable String maxPrice, @Nullable ItemSort sort) {
        Iterator<ItemPage> pages = new Iterator<>() {
            private @Nullable String cursor;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                return more;
            }

            @Override
            public ItemPage next() {
                if (!more) {
                    throw new NoSuchElementException();
                }
                ItemPage page = items.listItems(limit, cursor, q, status, minPrice, maxPrice, sort);
                cursor = page.getNextCursor();
                more = Boolean.TRUE.equals(page.getHasMore()) && StringUtils.hasText(cursor);
                return page;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Every item matching the filters, across all pages (see {@link #listItemPages}). */
    public Stream<Item> listAllItems(@Nullable Integer pageSize, @Nullable String q, @Nullable ItemStatus status,
            @Nullable String minPrice, @Nullable String maxPrice, @Nullable ItemSort sort) {
        return listItemPages(pageSize, q, status, minPrice, maxPrice, sort)
                .flatMap(page -> page.getData() == null ? Stream.empty() : page.getData().stream());
    }

    /** Builds a {@link MarketplaceClient}. */
    public static final class Builder {

        private final String baseUrl;
        private JsonMapper mapper = createJsonMapper();
        private @Nullable Supplier<String> requestIds = () -> UUID.randomUUID().toString();
        private final List<Consumer<RestClient.Builder>> customizers = new ArrayList<>();

        private Builder(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** Replaces the JSON mapper; it must have the JsonNullable Jackson 3 module registered. */
        public Builder jsonMapper(JsonMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Where the {@code X-Request-Id} of each request comes from (1–128 characters of
         * {@code A-Z a-z 0-9 . _ : -}); a header set explicitly on a request wins. Defaults to a random
         * UUID per request; {@code null} sends none and lets the server generate one.
         */
        public Builder requestIds(@Nullable Supplier<String> requestIds) {
            this.requestIds = requestIds;
            return this;
        }

        /** Customizes the {@link RestClient.Builder} (interceptors, request factory, default headers, …). */
        public Builder restClient(Consumer<RestClient.Builder> customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        public MarketplaceClient build() {
            JsonMapper jsonMapper = this.mapper;
            RestClient.Builder restClientBuilder = ApiClient.buildRestClientBuilder(jsonMapper)
                    .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                        throw ProblemException.of(response.getStatusCode(), response.getStatusText(),
                                response.getHeaders(), StreamUtils.copyToByteArray(response.getBody()), jsonMapper);
                    });
            Supplier<String> ids = this.requestIds;
            if (ids != null) {
                restClientBuilder.requestInterceptor((request, body, execution) -> {
                    if (!request.getHeaders().containsHeader(REQUEST_ID_HEADER)) {
                        request.getHeaders().set(REQUEST_ID_HEADER, ids.get());
                    }
                    return execution.execute(request, body);
                });
            }
            customizers.forEach(c -> c.accept(restClientBuilder));
            ApiClient apiClient = new ProblemAwareApiClient(restClientBuilder.build(), jsonMapper);
            apiClient.setBasePath(trimTrailingSlash(baseUrl));
            return new MarketplaceClient(jsonMapper, apiClient);
        }

        private static String trimTrailingSlash(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }

    /**
     * The generated client, except for the {@code Accept} header: the generated one sends only the
     * first JSON type an operation declares (so {@code application/json} without
     * {@code application/problem+json}, and {@code deleteItem}, which returns no body on success, only
     * {@code application/problem+json}). This one always accepts both for JSON operations.
     */
    static final class ProblemAwareApiClient extends ApiClient {

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
                Set<MediaType> json = new LinkedHashSet<>(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
                json.addAll(types);
                types = json;
            }
            return List.copyOf(types);
        }
    }
}
