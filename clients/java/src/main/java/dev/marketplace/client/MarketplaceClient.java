package dev.marketplace.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.marketplace.client.api.ApiKeysApi;
import dev.marketplace.client.api.AuthApi;
import dev.marketplace.client.api.ContactApi;
import dev.marketplace.client.api.EventsApi;
import dev.marketplace.client.api.ExportsApi;
import dev.marketplace.client.api.ItemImagesApi;
import dev.marketplace.client.api.ItemsApi;
import dev.marketplace.client.api.OrdersApi;
import dev.marketplace.client.api.PaymentsApi;
import dev.marketplace.client.api.UsersApi;
import dev.marketplace.client.api.V1Api;
import dev.marketplace.client.api.VersionsApi;
import dev.marketplace.client.api.WebhooksApi;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemPage;
import dev.marketplace.client.model.ItemSort;
import dev.marketplace.client.model.ItemStatus;
import dev.marketplace.client.model.TokenResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
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
 *   <li>After {@link #login}, every request carries {@code Authorization: Bearer <access token>}; the
 *       token pair is refreshed (refresh tokens rotate) shortly before the access token expires, and
 *       once when the server answers 401. With {@link Builder#accessTokens} the token comes from the
 *       caller instead (e.g. an external identity provider).</li>
 * </ul>
 *
 * <p>Thread-safe once built. The work is done by package-private collaborators: {@link ClientWiring} assembles
 * the client from the builder's settings, {@link BearerInterceptor} and {@link TokenSession} handle tokens,
 * {@link ProblemAwareApiClient} negotiates problem responses, {@link ItemPages} walks cursors.
 *
 * <pre>{@code
 * MarketplaceClient client = MarketplaceClient.create("https://api.marketplace.example");
 * client.login("seller@example.com", "correct horse battery staple");
 * Item item = client.items().createItem(new ItemCreate().name("Lamp").price("49.90").currency("EUR"));
 * }</pre>
 */
public final class MarketplaceClient {

    /** Header carrying the request id, echoed by the server on every response. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** Path of the token endpoint; requests to it never carry the bearer token. */
    static final String TOKEN_PATH = "/api/v2/auth/token";

    private final JsonMapper mapper;
    private final ApiClient apiClient;
    private final ItemsApi items;
    private final UsersApi users;
    private final AuthApi auth;
    private final ApiKeysApi apiKeys;
    private final VersionsApi versions;
    private final V1Api v1;
    private final ItemImagesApi images;
    private final ExportsApi exports;
    private final ContactApi contact;
    private final OrdersApi orders;
    private final PaymentsApi payments;
    private final WebhooksApi webhooks;
    private final EventsApi events;
    private final @Nullable TokenSession session;

    private MarketplaceClient(JsonMapper mapper, ApiClient apiClient, @Nullable TokenSession session) {
        this.mapper = mapper;
        this.apiClient = apiClient;
        this.items = new ItemsApi(apiClient);
        this.users = new UsersApi(apiClient);
        this.auth = new AuthApi(apiClient);
        this.apiKeys = new ApiKeysApi(apiClient);
        this.versions = new VersionsApi(apiClient);
        this.v1 = new V1Api(apiClient);
        this.images = new ItemImagesApi(apiClient);
        this.exports = new ExportsApi(apiClient);
        this.contact = new ContactApi(apiClient);
        this.orders = new OrdersApi(apiClient);
        this.payments = new PaymentsApi(apiClient);
        this.webhooks = new WebhooksApi(apiClient);
        this.events = new EventsApi(apiClient);
        this.session = session;
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
        return ApiClient.createDefaultMapper(null)
                .rebuild()
                // Applies to bean properties only: null values inside a Map body are still written.
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_ABSENT))
                .build();
    }

    /** The generated items API. */
    public ItemsApi items() {
        return items;
    }

    /** The generated users API: sign-up ({@code createUser}), {@code getMe}/{@code updateMe}/{@code deleteMe}, admin operations. */
    public UsersApi users() {
        return users;
    }

    /** The generated API-keys API (partners): create (the key is returned once), list, revoke. */
    public ApiKeysApi apiKeys() {
        return apiKeys;
    }

    /** The generated versions API: {@code listApiVersions} ({@code GET /api}). */
    public VersionsApi versions() {
        return versions;
    }

    /**
     * The generated v1 API (deprecated, read-only, frozen): prefer {@link #items()}. Every v1 response
     * carries {@code Deprecation}, {@code Sunset} and a successor {@code Link}; read them with the
     * {@code …WithHttpInfo} variants.
     */
    @Deprecated
    public V1Api v1() {
        return v1;
    }

    /**
     * The generated item-images API: upload ({@code multipart/form-data}, a {@code Resource} with a file name; owner
     * or admin), list, download (a {@code Resource}) and delete.
     */
    public ItemImagesApi images() {
        return images;
    }

    /** The generated exports API: the items as CSV ({@code exportItems}, read into one {@code String}). */
    public ExportsApi exports() {
        return exports;
    }

    /** The generated contact API: the form-encoded contact form. */
    public ContactApi contact() {
        return contact;
    }

    /**
     * The generated orders API: place ({@code createOrder}, with an {@code Idempotency-Key} — reuse the key when
     * retrying the same order), list (as buyer or seller), get, and move along the status machine.
     */
    public OrdersApi orders() {
        return orders;
    }

    /** The generated payments API: the payment provider's signed webhook (for provider simulators and tests). */
    public PaymentsApi payments() {
        return payments;
    }

    /**
     * The generated webhooks API (partners): register endpoints (the signing secret is returned once), list,
     * change, delete, rotate the secret, read the delivery log, redeliver. Verify deliveries with {@link WebhookVerifier}.
     */
    public WebhooksApi webhooks() {
        return webhooks;
    }

    /** The generated events API: a single-use ticket for the live events WebSocket ({@code /ws/events?ticket=…}). */
    public EventsApi events() {
        return events;
    }

    /** The generated auth API: the raw token endpoint ({@code issueToken}), JWKS and issuer metadata. */
    public AuthApi auth() {
        return auth;
    }

    /**
     * Signs in with the OAuth 2.0 password grant ({@code POST /api/v2/auth/token},
     * {@code grant_type=password}) and keeps the token pair: from now on every request is sent with
     * {@code Authorization: Bearer <access token>}, refreshed automatically. Replaces any previous sign-in.
     *
     * @return the tokens issued (access token, its lifetime, refresh token, scopes)
     * @throws ProblemException {@code 400 invalid_grant} if the email or password is wrong
     * @throws IllegalStateException if the client was built with {@link Builder#accessTokens}
     */
    public TokenResponse login(String email, String password) {
        return requireSession().login(email, password);
    }

    /**
     * Signs in with a refresh token saved from an earlier session (e.g. {@code tokens().get().getRefreshToken()}
     * stored before a restart): exchanges it ({@code grant_type=refresh_token}) for a new token pair and
     * keeps that, as {@link #login} does. The refresh token given is used up; store the new one
     * ({@link #tokens()}) if you need to resume again later.
     *
     * @return the new tokens
     * @throws ProblemException {@code 400 invalid_grant} if the refresh token is expired, revoked or already used
     * @throws IllegalStateException if the client was built with {@link Builder#accessTokens}
     */
    public TokenResponse resume(String refreshToken) {
        return requireSession().resume(refreshToken);
    }

    /**
     * Refreshes the token pair now ({@code grant_type=refresh_token}). Not normally needed: the client
     * refreshes by itself shortly before the access token expires, and once on a 401. The refresh token
     * rotates; the old one is discarded and never sent again.
     *
     * @return the new tokens
     * @throws ProblemException {@code 400 invalid_grant} if the refresh token is no longer valid (expired,
     *         revoked, or already used); the client is then signed out
     * @throws IllegalStateException if not signed in
     */
    public TokenResponse refresh() {
        return requireSession().refresh();
    }

    /** Forgets the tokens (locally; the refresh token stays valid until it expires). Later requests are anonymous. */
    public void logout() {
        if (session != null) {
            session.logout();
        }
    }

    /** The current token pair, if signed in with {@link #login} (empty after {@link #logout} or a failed refresh). */
    public Optional<TokenResponse> tokens() {
        return session == null ? Optional.empty() : session.tokens();
    }

    private TokenSession requireSession() {
        if (session == null) {
            throw new IllegalStateException(
                    "This client sends the caller-supplied accessTokens(...); it cannot sign in");
        }
        return session;
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
    public Stream<ItemPage> listItemPages(
            @Nullable Integer limit,
            @Nullable String q,
            @Nullable ItemStatus status,
            @Nullable String minPrice,
            @Nullable String maxPrice,
            @Nullable ItemSort sort) {
        return ItemPages.pages(items, limit, q, status, minPrice, maxPrice, sort);
    }

    /** Every item matching the filters, across all pages (see {@link #listItemPages}). */
    public Stream<Item> listAllItems(
            @Nullable Integer pageSize,
            @Nullable String q,
            @Nullable ItemStatus status,
            @Nullable String minPrice,
            @Nullable String maxPrice,
            @Nullable ItemSort sort) {
        return ItemPages.items(listItemPages(pageSize, q, status, minPrice, maxPrice, sort));
    }

    /** Builds a {@link MarketplaceClient}. */
    public static final class Builder {

        private final String baseUrl;
        private JsonMapper mapper = createJsonMapper();
        private @Nullable Supplier<String> requestIds = () -> UUID.randomUUID().toString();
        private @Nullable Supplier<String> accessTokens;
        private Clock clock = Clock.systemUTC();
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

        /**
         * Sends {@code Authorization: Bearer <token>} with the token from {@code accessTokens}, asked once
         * per request, instead of signing in with {@link MarketplaceClient#login}: for partners whose
         * tokens come from an external identity provider. The supplier is responsible for caching and
         * renewing its tokens; returning {@code null} sends the request anonymously. The client does not
         * retry a request the server answered with 401.
         */
        public Builder accessTokens(Supplier<String> accessTokens) {
            this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
            return this;
        }

        /**
         * Authenticates every request with a partner API key in the {@code X-API-Key} header (the only
         * place the server accepts one) instead of a bearer token.
         */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            return restClient(builder -> builder.defaultHeader("X-API-Key", apiKey));
        }

        /** The clock that decides when the access token is about to expire (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Customizes the {@link RestClient.Builder} (interceptors, request factory, default headers, …). */
        public Builder restClient(Consumer<RestClient.Builder> customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        public MarketplaceClient build() {
            ClientWiring.Parts parts = ClientWiring.wire(baseUrl, mapper, requestIds, accessTokens, clock, customizers);
            return new MarketplaceClient(parts.mapper(), parts.apiClient(), parts.session());
        }
    }
}
