package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemPatch;
import dev.marketplace.client.model.SignUpRole;
import dev.marketplace.client.model.TokenResponse;
import dev.marketplace.client.model.User;
import dev.marketplace.client.model.UserRole;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Authentication against the real server with real tokens: login, refresh and rotation, resume, the automatic refresh before expiry, caller-supplied tokens, and the 401/403 problems. Runs on the server shared by the live tests ({@link LiveServerSupport}). */
class LiveAuthRoundTripTest extends LiveServerSupport {

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
}
