package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.MarketplaceApplication;
import dev.marketplace.client.model.ApiVersion;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.ItemPage;
import dev.marketplace.client.model.ItemPatch;
import dev.marketplace.client.model.ItemSort;
import dev.marketplace.client.model.ItemStatus;
import dev.marketplace.client.model.Order;
import dev.marketplace.client.model.OrderCreate;
import dev.marketplace.client.model.OrderLineCreate;
import dev.marketplace.client.model.OrderStatus;
import dev.marketplace.client.model.OrderTransition;
import dev.marketplace.client.model.SignUpRole;
import dev.marketplace.client.model.TokenResponse;
import dev.marketplace.client.model.User;
import dev.marketplace.client.model.UserCreate;
import dev.marketplace.client.model.UserRole;
import dev.marketplace.client.model.V1Item;
import dev.marketplace.client.model.V1ItemList;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Round trips with the generated client against the real server ({@link MarketplaceApplication},
 * started once in this JVM on a random port, with its own embedded PostgreSQL and no sample data).
 * Item writes are made by a seller who signs up through the API and logs in; tokens are real (issued
 * and verified by the server).
 */
class LiveServerRoundTripTest {

    /** A request as it left the client (method, path, content type, Authorization, body). */
    record Sent(String method, URI uri, String contentType, String authorization, String body) {}

    /** An account signed up through the API. */
    record Account(User user, String email, String password) {}

    private static final String PASSWORD = "correct horse battery staple";

    private static ConfigurableApplicationContext server;
    /** Signed in as {@link #seller}. */
    private static MarketplaceClient client;

    private static Account seller;
    private static String baseUrl;
    private static final List<Sent> sent = new CopyOnWriteArrayList<>();
    private static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startServer() {
        server = new SpringApplicationBuilder(MarketplaceApplication.class)
                // Many sign-ups and logins from one IP within seconds: roomy limits (the limiter itself is tested in
                // the server).
                .run(
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--marketplace.rate-limit.auth.requests=10000",
                        "--marketplace.rate-limit.anonymous.requests=10000",
                        "--marketplace.images.dir=target/live-images");
        int port = server.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        baseUrl = "http://localhost:" + port;
        client = MarketplaceClient.builder(baseUrl)
                .restClient(rest -> rest.requestInterceptor((request, body, execution) -> {
                    sent.add(new Sent(
                            request.getMethod().name(),
                            request.getURI(),
                            String.valueOf(request.getHeaders().getContentType()),
                            request.getHeaders().getFirst("Authorization"),
                            new String(body, StandardCharsets.UTF_8)));
                    return execution.execute(request, body);
                }))
                .build();
        seller = signUp(SignUpRole.SELLER);
        client.login(seller.email(), seller.password());
    }

    /** Signs up a new account through the API (anonymous {@code POST /api/v2/users}). */
    private static Account signUp(SignUpRole role) {
        String email = role.getValue() + "-" + UUID.randomUUID() + "@example.com";
        User user = MarketplaceClient.create(baseUrl)
                .users()
                .createUser(new UserCreate()
                        .email(email)
                        .password(PASSWORD)
                        .displayName("Test " + role.getValue())
                        .role(role));
        return new Account(user, email, PASSWORD);
    }

    /** A new client signed in as {@code account}. */
    private static MarketplaceClient signedIn(Account account) {
        MarketplaceClient signedIn = MarketplaceClient.create(baseUrl);
        signedIn.login(account.email(), account.password());
        return signedIn;
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static ItemCreate newItem(String name) {
        return new ItemCreate()
                .name(name)
                .description("A 1950s brass desk lamp, rewired.")
                .price("49.90")
                .currency("EUR")
                .status(ItemStatus.ACTIVE);
    }

    @Test
    void createReturns201WithLocationOfTheNewItemAndGetReturnsIt() {
        ResponseEntity<Item> created = client.items().createItemWithHttpInfo(newItem("Brass desk lamp"));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Item item = created.getBody();
        assertThat(item).isNotNull();
        assertThat(item.getId()).isNotNull();
        assertThat(item.getName()).isEqualTo("Brass desk lamp");
        assertThat(item.getDescription()).isEqualTo("A 1950s brass desk lamp, rewired.");
        assertThat(item.getPrice()).isEqualTo("49.90");
        assertThat(item.getCurrency()).isEqualTo("EUR");
        assertThat(item.getStatus()).isEqualTo(ItemStatus.ACTIVE);
        assertThat(item.getCreatedAt()).isNotNull();
        assertThat(item.getUpdatedAt()).isNotNull();
        assertThat(item.getVersion()).isNotNull().isGreaterThanOrEqualTo(0L);
        assertThat(item.getOwnerId()).isEqualTo(seller.user().getId().toString());

        URI location = created.getHeaders().getLocation();
        assertThat(location).isNotNull();
        assertThat(location.getPath()).isEqualTo("/api/v2/items/" + item.getId());
        assertThat(created.getHeaders().getFirst(MarketplaceClient.REQUEST_ID_HEADER))
                .isNotBlank();

        Item fetched = client.items().getItem(item.getId(), null);
        assertThat(fetched).isEqualTo(item);
    }

    @Test
    void etagsRevalidateWithIfNoneMatchAndGuardWritesWithIfMatch() {
        ResponseEntity<Item> created =
                client.items().createItemWithHttpInfo(newItem("ETag lamp").tags(List.of("lighting")));
        Item item = created.getBody();
        String etag = created.getHeaders().getETag();
        assertThat(etag).isEqualTo("\"" + item.getId() + "-v0\"");

        ResponseEntity<Item> notModified = client.items().getItemWithHttpInfo(item.getId(), etag);
        assertThat(notModified.getStatusCode().value()).isEqualTo(304);
        assertThat(notModified.getBody()).isNull();

        ResponseEntity<Item> renamed =
                client.items().updateItemWithHttpInfo(item.getId(), new ItemPatch().name("Renamed"), etag);
        assertThat(renamed.getBody().getTags()).containsExactly("lighting");
        assertThatThrownBy(() -> client.items().updateItem(item.getId(), new ItemPatch().name("Lost update"), etag))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.getCode()).contains("precondition_failed"));
        client.items().deleteItem(item.getId(), renamed.getHeaders().getETag());
    }

    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedV1ListSaysSoInItsHeaders() {
        Item item = client.items().createItem(newItem("v1 visible"));
        ResponseEntity<V1ItemList> list = client.v1().listItemsV1WithHttpInfo();
        assertThat(list.getHeaders().getFirst("Deprecation")).isEqualTo("@1767225600");
        assertThat(list.getHeaders().getFirst("Sunset")).isEqualTo("Fri, 01 Jan 2027 00:00:00 GMT");
        assertThat(list.getHeaders().getFirst("Link")).isEqualTo("</api/v2/items>; rel=\"successor-version\"");
        assertThat(list.getBody().getItems()).extracting(V1Item::getId).contains(item.getId());
        assertThat(client.versions().listApiVersions().getData())
                .extracting(ApiVersion::getVersion)
                .containsExactly("v1", "v2");
    }

    @Test
    void anUploadedImageIsListedAndDownloadedByteForByte(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Item item = client.items().createItem(newItem("Pictured lamp"));
        byte[] png = java.util.Base64.getDecoder()
                .decode(
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        // The name and extension say nothing to the server: the type is sniffed from the bytes.
        var file = new org.springframework.core.io.FileSystemResource(
                java.nio.file.Files.write(dir.resolve("upload.bin"), png));

        ResponseEntity<dev.marketplace.client.model.Image> uploaded =
                client.images().uploadItemImageWithHttpInfo(item.getId(), file);

        assertThat(uploaded.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        dev.marketplace.client.model.Image image = uploaded.getBody();
        assertThat(image).isNotNull();
        assertThat(image.getContentType()).isEqualTo(dev.marketplace.client.model.ImageContentType.PNG);
        assertThat(image.getSize()).isEqualTo(png.length);
        assertThat(uploaded.getHeaders().getLocation()).hasPath(image.getUrl());
        assertThat(sent).anySatisfy(r -> assertThat(r.contentType()).startsWith("multipart/form-data"));
        assertThat(client.images().listItemImages(item.getId()).getData()).containsExactly(image);
        org.springframework.core.io.Resource downloaded =
                client.images().getItemImage(item.getId(), image.getId(), null, null);
        assertThat(downloaded.getContentAsByteArray()).isEqualTo(png);

        client.images().deleteItemImage(item.getId(), image.getId());
        assertThat(client.images().listItemImages(item.getId()).getData()).isEmpty();
    }

    @Test
    void createWithOnlyRequiredPropertiesLeavesDescriptionNullAndNormalizesPrice() {
        Item item = client.items()
                .createItem(new ItemCreate().name("Plain chair").price("12").currency("USD"));

        assertThat(item.getDescription()).isNull();
        assertThat(item.getStatus()).isNotNull();
        // Amounts come back with the currency's minor units (as in the update_item_status_and_price contract).
        assertThat(item.getPrice()).isEqualTo("12.00");
    }

    @Test
    void listWalksAllPagesWithTheCursorWithoutDuplicates() {
        String tag = "pagewalk" + UUID.randomUUID().toString().substring(0, 8);
        Set<UUID> createdIds = new HashSet<>();
        IntStream.range(0, 7)
                .forEach(i -> createdIds.add(client.items()
                        .createItem(newItem("Chair " + tag + " #" + i))
                        .getId()));

        List<UUID> seen = new ArrayList<>();
        List<ItemPage> pages = new ArrayList<>();
        String cursor = null;
        ItemPage page;
        do {
            page = client.items().listItems(3, cursor, tag, null, null, null, null);
            pages.add(page);
            assertThat(page.getData()).hasSizeLessThanOrEqualTo(3);
            page.getData().forEach(item -> seen.add(item.getId()));
            if (Boolean.TRUE.equals(page.getHasMore())) {
                assertThat(page.getNextCursor()).isNotBlank();
            } else {
                assertThat(page.getNextCursor()).isNull();
            }
            cursor = page.getNextCursor();
            assertThat(pages).hasSizeLessThan(10); // guards against a cursor that never ends
        } while (Boolean.TRUE.equals(page.getHasMore()));

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).getData()).hasSize(3);
        assertThat(pages.get(2).getData()).hasSize(1);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(createdIds);

        // Default sort is -created_at: newest first.
        List<Item> all = pages.stream().flatMap(p -> p.getData().stream()).toList();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i - 1).getCreatedAt())
                    .isAfterOrEqualTo(all.get(i).getCreatedAt());
        }

        // The convenience stream walks the same pages.
        assertThat(client.listAllItems(2, tag, null, null, null, ItemSort.CREATED_AT_ASC)
                        .map(Item::getId)
                        .toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(createdIds);
    }

    @Test
    void listFiltersByStatusAndPriceAndSortsByPrice() {
        String tag = "filter" + UUID.randomUUID().toString().substring(0, 8);
        client.items().createItem(newItem("Cheap " + tag).price("5.00"));
        client.items().createItem(newItem("Mid " + tag).price("50.00"));
        client.items().createItem(newItem("Dear " + tag).price("500.00"));
        client.items().createItem(newItem("Draft " + tag).price("60.00").status(ItemStatus.DRAFT));

        ItemPage active =
                client.items().listItems(100, null, tag, ItemStatus.ACTIVE, "10", "1000", ItemSort.PRICE_DESC);

        assertThat(active.getHasMore()).isFalse();
        assertThat(active.getData()).extracting(Item::getPrice).containsExactly("500.00", "50.00");
    }

    @Test
    void mergePatchChangesPriceLeavesAbsentPropertiesAndClearsDescriptionWithNull() {
        Item original = client.items().createItem(newItem("Lamp to patch"));

        Item repriced = client.items().updateItem(original.getId(), new ItemPatch().price("39.50"), null);

        Sent patch = sent.stream()
                .filter(s -> s.method().equals("PATCH")
                        && s.uri().getPath().endsWith(original.getId().toString()))
                .findFirst()
                .orElseThrow();
        assertThat(patch.contentType()).startsWith("application/merge-patch+json");
        assertThat(json.readTree(patch.body())).isEqualTo(json.readTree("{\"price\":\"39.50\"}"));

        assertThat(repriced.getPrice()).isEqualTo("39.50");
        assertThat(repriced.getName()).isEqualTo(original.getName());
        assertThat(repriced.getDescription()).isEqualTo(original.getDescription());
        assertThat(repriced.getCurrency()).isEqualTo(original.getCurrency());
        assertThat(repriced.getStatus()).isEqualTo(original.getStatus());
        assertThat(repriced.getCreatedAt()).isEqualTo(original.getCreatedAt());
        assertThat(repriced.getVersion()).isEqualTo(original.getVersion() + 1);

        Item cleared = client.items().updateItem(original.getId(), new ItemPatch().description(null), null);

        JsonNode clearBody = json.readTree(sent.getLast().body());
        assertThat(clearBody.size()).isEqualTo(1);
        assertThat(clearBody.get("description").isNull()).isTrue();
        assertThat(cleared.getDescription()).isNull();
        assertThat(cleared.getPrice()).isEqualTo("39.50");
        assertThat(cleared.getName()).isEqualTo(original.getName());
        assertThat(cleared.getVersion()).isEqualTo(repriced.getVersion() + 1);

        assertThat(client.items().getItem(original.getId(), null)).isEqualTo(cleared);
    }

    @Test
    void nullOnANonNullablePropertyIsAValidationProblem() {
        Item item = client.items().createItem(newItem("Lamp for bad patch"));

        // The generated model cannot express "name": null (an unset name is omitted), so send it raw
        // and convert Spring's exception with ProblemException.from.
        RestClient raw = RestClient.create(baseUrl);
        assertThatThrownBy(() -> raw.patch()
                        .uri("/api/v2/items/{id}", item.getId())
                        .headers(h ->
                                h.setBearerAuth(client.tokens().orElseThrow().getAccessToken()))
                        .contentType(MediaType.valueOf("application/merge-patch+json"))
                        .body("{\"name\":null}")
                        .retrieve()
                        .toBodilessEntity())
                .isInstanceOf(RestClientResponseException.class)
                .satisfies(thrown -> {
                    ProblemException e =
                            ProblemException.from((RestClientResponseException) thrown, client.jsonMapper());
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getProblem()).isPresent();
                    assertThat(e.getProblem().get().getStatus()).isEqualTo(400);
                    assertThat(e.getCode()).isPresent();
                });
        assertThat(client.items().getItem(item.getId(), null).getName()).isEqualTo("Lamp for bad patch");
    }

    @Test
    void invalidCreateIsAValidationProblemWithFieldErrors() {
        assertThatThrownBy(() -> client.items()
                        .createItem(new ItemCreate()
                                .name("Bad price")
                                .price("12.345678")
                                .currency("EUR")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getCode()).contains("validation_error");
                    assertThat(e.getProblem().get().getErrors())
                            .isNotEmpty()
                            .anySatisfy(error -> assertThat(error.getField()).isEqualTo("price"));
                    assertThat(e.getRequestId()).isPresent();
                });
    }

    @Test
    void deleteThenGetIsATypedItemNotFoundProblem() {
        Item item = client.items().createItem(newItem("Lamp to delete"));

        ResponseEntity<Void> deleted = client.items().deleteItemWithHttpInfo(item.getId(), null);
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        assertThatThrownBy(() -> client.items().getItem(item.getId(), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getResponseHeaders().getContentType()).hasToString("application/problem+json");
                    assertThat(e.getCode()).contains("item_not_found");
                    var problem = e.getProblem().orElseThrow();
                    assertThat(problem.getStatus()).isEqualTo(404);
                    assertThat(problem.getType()).isNotBlank();
                    assertThat(problem.getTitle()).isNotBlank();
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items/" + item.getId());
                    assertThat(problem.getRequestId())
                            .isEqualTo(e.getResponseHeaders().getFirst(MarketplaceClient.REQUEST_ID_HEADER));
                });

        assertThatThrownBy(() -> client.items().deleteItem(item.getId(), null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.getCode()).contains("item_not_found"));
    }

    @Test
    void everyRequestOfASignedInClientCarriesTheBearerTokenExceptTheTokenRequest() {
        client.items().listItems(1, null, null, null, null, null, null);

        Sent list = sent.getLast();
        assertThat(list.method()).isEqualTo("GET");
        assertThat(list.authorization())
                .isEqualTo("Bearer " + client.tokens().orElseThrow().getAccessToken());

        MarketplaceClient capturing = MarketplaceClient.builder(baseUrl)
                .restClient(rest -> rest.requestInterceptor((request, body, execution) -> {
                    sent.add(new Sent(
                            request.getMethod().name(),
                            request.getURI(),
                            "",
                            request.getHeaders().getFirst("Authorization"),
                            ""));
                    return execution.execute(request, body);
                }))
                .build();
        capturing.login(seller.email(), seller.password());
        capturing.refresh();
        assertThat(sent)
                .filteredOn(s -> s.uri().getPath().equals("/api/v2/auth/token"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.authorization()).isNull());
    }

    @Test
    void loginIssuesABearerTokenPairWithTheSellersScopes() {
        MarketplaceClient fresh = MarketplaceClient.create(baseUrl);
        assertThat(fresh.tokens()).isEmpty();

        TokenResponse tokens = fresh.login(seller.email(), seller.password());

        assertThat(tokens.getTokenType()).isEqualTo(TokenResponse.TokenTypeEnum.BEARER);
        assertThat(tokens.getAccessToken()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"); // a JWS
        assertThat(tokens.getRefreshToken()).isNotBlank();
        assertThat(tokens.getExpiresIn()).isEqualTo(900); // 15 minutes
        assertThat(tokens.getScope().split(" ")).contains("items:read", "items:write", "account");
        assertThat(fresh.tokens()).contains(tokens);
    }

    @Test
    void wrongPasswordIsAnInvalidGrantProblem() {
        MarketplaceClient fresh = MarketplaceClient.create(baseUrl);

        assertThatThrownBy(() -> fresh.login(seller.email(), "not the password at all"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("invalid_grant");
                });
        assertThat(fresh.tokens()).isEmpty();
    }

    @Test
    void refreshRotatesTheRefreshTokenAndTheOldOneIsRefused() {
        MarketplaceClient fresh = signedIn(seller);
        TokenResponse first = fresh.tokens().orElseThrow();

        TokenResponse second = fresh.refresh();

        assertThat(second.getRefreshToken()).isNotBlank().isNotEqualTo(first.getRefreshToken());
        assertThat(second.getAccessToken()).isNotBlank();
        assertThat(fresh.tokens()).contains(second);
        assertThat(fresh.users().getMe(null).getEmail()).isEqualToIgnoringCase(seller.email());

        // The old refresh token was used once; presenting it again is refused ...
        assertThatThrownBy(() -> fresh.auth().issueToken("refresh_token", null, null, first.getRefreshToken(), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("invalid_grant");
                    assertThat(e.getProblem().orElseThrow().getInstance()).isEqualTo("/api/v2/auth/token");
                });
        // ... and revokes its whole family, so the current one is dead too: the client signs out.
        assertThatThrownBy(fresh::refresh)
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.getCode()).contains("invalid_grant"));
        assertThat(fresh.tokens()).isEmpty();
        assertThatThrownBy(fresh::refresh).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void resumeSignsInWithASavedRefreshToken() {
        String saved = signedIn(seller).tokens().orElseThrow().getRefreshToken();
        MarketplaceClient restarted = MarketplaceClient.create(baseUrl);

        TokenResponse tokens = restarted.resume(saved);

        assertThat(tokens.getRefreshToken()).isNotBlank().isNotEqualTo(saved);
        assertThat(restarted.users().getMe(null).getId())
                .isEqualTo(seller.user().getId());
        assertThatThrownBy(() -> MarketplaceClient.create(baseUrl).resume("rt_never-issued-by-this-server-0000"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("invalid_grant");
                });
    }

    @Test
    void theClientRefreshesByItselfShortlyBeforeTheAccessTokenExpires() {
        MovableClock clock = new MovableClock();
        MarketplaceClient fresh =
                MarketplaceClient.builder(baseUrl).clock(clock).build();
        TokenResponse first = fresh.login(seller.email(), seller.password());

        clock.advance(Duration.ofMinutes(13));
        assertThat(fresh.users().getMe(null).getId()).isEqualTo(seller.user().getId());
        assertThat(fresh.tokens()).contains(first); // still well within the 15 minutes

        clock.advance(Duration.ofSeconds(60 + 50)); // 10 s before expiry (by the client's clock)
        Item item = fresh.items().createItem(newItem("Lamp after refresh"));

        TokenResponse second = fresh.tokens().orElseThrow();
        assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
        assertThat(item.getOwnerId()).isEqualTo(seller.user().getId().toString());

        // Only the rotated refresh token is used from now on: the next refresh succeeds.
        clock.advance(Duration.ofMinutes(15));
        assertThat(fresh.users().getMe(null).getId()).isEqualTo(seller.user().getId());
        assertThat(fresh.tokens().orElseThrow().getRefreshToken())
                .isNotIn(first.getRefreshToken(), second.getRefreshToken());
    }

    @Test
    void concurrentRequestsWithAnExpiringTokenRefreshItOnce() throws Exception {
        MovableClock clock = new MovableClock();
        List<Sent> tokenRequests = new CopyOnWriteArrayList<>();
        MarketplaceClient fresh = MarketplaceClient.builder(baseUrl)
                .clock(clock)
                .restClient(rest -> rest.requestInterceptor((request, body, execution) -> {
                    if (request.getURI().getPath().equals("/api/v2/auth/token")) {
                        tokenRequests.add(
                                new Sent("POST", request.getURI(), "", null, new String(body, StandardCharsets.UTF_8)));
                    }
                    return execution.execute(request, body);
                }))
                .build();
        fresh.login(seller.email(), seller.password());
        clock.advance(Duration.ofMinutes(20));

        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<User>> calls = IntStream.range(0, 8)
                    .mapToObj(i -> pool.submit(() -> fresh.users().getMe(null)))
                    .toList();
            for (var call : calls) {
                assertThat(call.get().getId()).isEqualTo(seller.user().getId());
            }
        }

        assertThat(tokenRequests).hasSize(2); // the login and one refresh
        assertThat(tokenRequests.get(1).body()).startsWith("grant_type=refresh_token");
    }

    @Test
    void anonymousCreateIsAnUnauthorizedProblem() {
        MarketplaceClient anonymous = MarketplaceClient.create(baseUrl);

        assertThatThrownBy(() -> anonymous.items().createItem(newItem("Anonymous lamp")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.getCode()).contains("unauthorized");
                    assertThat(e.getResponseHeaders().getFirst("WWW-Authenticate"))
                            .startsWith("Bearer");
                    assertThat(e.getProblem().orElseThrow().getInstance()).isEqualTo("/api/v2/items");
                });
        // Reading stays public.
        assertThat(anonymous
                        .items()
                        .listItems(1, null, null, null, null, null, null)
                        .getData())
                .isNotNull();
    }

    @Test
    void anotherSellersPatchIsAForbiddenProblemAndChangesNothing() {
        Item mine = client.items().createItem(newItem("Lamp someone else wants to reprice"));
        MarketplaceClient other = signedIn(signUp(SignUpRole.SELLER));

        assertThatThrownBy(() -> other.items().updateItem(mine.getId(), new ItemPatch().price("1.00"), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.getCode()).contains("forbidden");
                    assertThat(e.getProblem().orElseThrow().getInstance()).isEqualTo("/api/v2/items/" + mine.getId());
                });
        assertThatThrownBy(() -> other.items().deleteItem(mine.getId(), null))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN));

        assertThat(client.items().getItem(mine.getId(), null)).isEqualTo(mine);
    }

    @Test
    void aBuyerCannotCreateItems() {
        MarketplaceClient buyer = signedIn(signUp(SignUpRole.BUYER));

        assertThat(buyer.tokens().orElseThrow().getScope().split(" ")).doesNotContain("items:write");
        assertThatThrownBy(() -> buyer.items().createItem(newItem("Buyer's lamp")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.getCode()).contains("insufficient_scope");
                });
    }

    @Test
    void getMeReturnsTheSignedUpAccount() {
        User me = client.users().getMe(null);

        assertThat(me.getId()).isEqualTo(seller.user().getId());
        assertThat(me.getEmail()).isEqualToIgnoringCase(seller.email());
        assertThat(me.getDisplayName()).isEqualTo("Test seller");
        assertThat(me.getRole()).isEqualTo(UserRole.SELLER);
        assertThat(me).isEqualTo(seller.user());
    }

    @Test
    void getMeWithoutATokenIsUnauthorized() {
        assertThatThrownBy(() -> MarketplaceClient.create(baseUrl).users().getMe(null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.getCode()).contains("unauthorized");
                });
    }

    @Test
    void aCallerSuppliedTokenIsSentAsBearer() {
        // Stands in for an external identity provider: the supplier hands out a token the server accepts.
        Account partner = signUp(SignUpRole.SELLER);
        String token = signedIn(partner).tokens().orElseThrow().getAccessToken();
        MarketplaceClient external =
                MarketplaceClient.builder(baseUrl).accessTokens(() -> token).build();

        Item item = external.items().createItem(newItem("Lamp from an external token"));

        assertThat(item.getOwnerId()).isEqualTo(partner.user().getId().toString());
        assertThat(external.users().getMe(null).getId())
                .isEqualTo(partner.user().getId());
        assertThat(external.tokens()).isEmpty();
        assertThatThrownBy(() -> external.login(partner.email(), partner.password()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGarbageTokenIsRefusedEvenOnPublicOperations() {
        MarketplaceClient garbage = MarketplaceClient.builder(baseUrl)
                .accessTokens(() -> "not.a.jwt")
                .build();

        assertThatThrownBy(() -> garbage.items().listItems(1, null, null, null, null, null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.getResponseHeaders().getFirst("WWW-Authenticate"))
                            .contains("invalid_token");
                });
    }

    @Test
    void aBuyerPlacesAnOrderOnceUnderOneKeyAndCancelsItWhichRestoresTheStock() {
        Item lamp = client.items().createItem(newItem("Ordered lamp").stock(5));
        MarketplaceClient buyer = signedIn(signUp(SignUpRole.BUYER));
        String key = UUID.randomUUID().toString();
        OrderCreate twoLamps = new OrderCreate()
                .lines(List.of(new OrderLineCreate().itemId(lamp.getId()).quantity(2)));

        ResponseEntity<Order> placed = buyer.orders().createOrderWithHttpInfo(key, twoLamps);

        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(placed.getHeaders().getFirst("Idempotent-Replayed")).isNull();
        Order order = placed.getBody();
        assertThat(order.getStatus()).isEqualTo(OrderStatus.PLACED);
        assertThat(order.getBuyerId())
                .isEqualTo(buyer.users().getMe(null).getId().toString());
        assertThat(order.getTotal()).isEqualTo("99.80");
        assertThat(order.getCurrency()).isEqualTo("EUR");
        assertThat(order.getLines()).singleElement().satisfies(line -> {
            assertThat(line.getItemId()).isEqualTo(lamp.getId());
            assertThat(line.getQuantity()).isEqualTo(2);
            assertThat(line.getSellerId()).isEqualTo(seller.user().getId().toString());
        });
        assertThat(client.items().getItem(lamp.getId(), null).getStock()).isEqualTo(3);

        // A retry with the same key and body is the first answer again: the same order, nothing reserved twice.
        ResponseEntity<Order> replayed = buyer.orders().createOrderWithHttpInfo(key, twoLamps);
        assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(replayed.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.getBody().getId()).isEqualTo(order.getId());
        assertThat(client.items().getItem(lamp.getId(), null).getStock()).isEqualTo(3);
        assertThat(buyer.orders().listOrders(100, null, null, null).getData())
                .extracting(Order::getId)
                .containsExactly(order.getId());

        // The same key with another body is refused.
        OrderCreate oneLamp = new OrderCreate()
                .lines(List.of(new OrderLineCreate().itemId(lamp.getId()).quantity(1)));
        assertThatThrownBy(() -> buyer.orders().createOrder(key, oneLamp))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                    assertThat(e.getCode()).contains("idempotency_key_reused");
                });
        assertThat(client.items().getItem(lamp.getId(), null).getStock()).isEqualTo(3);

        Order cancelled =
                buyer.orders().transitionOrder(order.getId(), new OrderTransition().status(OrderStatus.CANCELLED));

        assertThat(cancelled.getId()).isEqualTo(order.getId());
        assertThat(cancelled.getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.getVersion()).isGreaterThan(order.getVersion());
        assertThat(buyer.orders().getOrder(order.getId()).getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(client.items().getItem(lamp.getId(), null).getStock()).isEqualTo(5);
    }

    @Test
    void readmeUsageExampleRunsAgainstTheServer() {
        client.items().createItem(newItem("Desk lamp, cheap").price("19.00"));

        List<String> listed = UsageExample.run(baseUrl, seller.email(), seller.password());

        assertThat(listed).contains("Brass desk lamp", "Desk lamp, cheap");
    }

    @Test
    void readmeShowsTheUsageExampleVerbatim() throws java.io.IOException {
        String source = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/java/dev/marketplace/client/UsageExample.java"));
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        String example = source.substring(
                source.indexOf("// tag::usage[]\n") + "// tag::usage[]\n".length(),
                source.indexOf("        // end::usage[]"));
        String unindented = example.lines()
                .map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));

        assertThat(readme).contains(unindented);
    }
}
