package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.ItemPatch;
import dev.marketplace.client.model.ItemStatus;
import dev.marketplace.client.model.Problem;
import dev.marketplace.client.model.TokenResponse;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Partner-integration contracts, signing in (password grant, wrong password, resume with a refresh token), the 401 with a bearer challenge and another seller's 403. Shares the stub runner and its checks with the other partner contract tests ({@link PartnerContractSupport}). */
class PartnerAuthContractTest extends PartnerContractSupport {

    @Test
    void loginWithThePasswordGrantKeepsTheTokensAndSendsTheAccessToken() {
        MarketplaceClient fresh = anonymousClient();

        TokenResponse tokens = fresh.login(SELLER_EMAIL, SELLER_PASSWORD);

        assertThat(tokens.getTokenType()).isEqualTo(TokenResponse.TokenTypeEnum.BEARER);
        assertThat(tokens.getAccessToken()).isEqualTo(SELLER_TOKEN);
        assertThat(tokens.getRefreshToken()).matches("rt_[A-Za-z0-9_-]{20,250}");
        assertThat(tokens.getExpiresIn()).isEqualTo(900);
        assertThat(tokens.getScope().split(" "))
                .containsExactlyInAnyOrder("account", "items:read", "items:write", "orders:read", "orders:write");
        assertThat(fresh.tokens()).contains(tokens);
    }

    @Test
    void loginWithAWrongPasswordIsAnInvalidGrantProblem() {
        MarketplaceClient fresh = anonymousClient();

        assertThatThrownBy(() -> fresh.login(SELLER_EMAIL, "not-the-password-000"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("invalid_grant");
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getType()).isEqualTo("https://api.marketplace.example/problems/invalid-grant");
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/auth/token");
                    assertThat(problem.getRequestId()).isEqualTo(REQUEST_ID);
                });
        assertThat(fresh.tokens()).isEmpty();
    }

    @Test
    void resumeWithASavedRefreshTokenUsesTheRefreshGrant() {
        MarketplaceClient restarted = anonymousClient();

        TokenResponse tokens = restarted.resume(SELLER_REFRESH_TOKEN);

        assertThat(tokens.getAccessToken()).isEqualTo(SELLER_TOKEN);
        assertThat(tokens.getRefreshToken()).isNotEqualTo(SELLER_REFRESH_TOKEN).matches("rt_[A-Za-z0-9_-]{20,250}");
        assertThat(restarted.tokens()).contains(tokens);
    }

    @Test
    void anonymousCreateIsAnUnauthorizedProblemWithABearerChallenge() {
        MarketplaceClient anonymous = anonymousClient();

        assertThatThrownBy(() -> anonymous
                        .items()
                        .createItem(new ItemCreate()
                                .name("Cast-iron teapot")
                                .price("4500")
                                .currency("JPY")
                                .status(ItemStatus.DRAFT)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.getCode()).contains("unauthorized");
                    assertThat(e.getResponseHeaders().getFirst("WWW-Authenticate"))
                            .startsWith("Bearer");
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getType()).isEqualTo("https://api.marketplace.example/problems/unauthorized");
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items");
                });
        assertThat(anonymous.tokens()).isEmpty();
    }

    @Test
    void anotherSellersPatchIsAForbiddenProblem() {
        // A partner whose tokens come from their own identity provider: a caller-supplied token.
        MarketplaceClient otherSeller = MarketplaceClient.builder("http://localhost:" + stubPort)
                .requestIds(() -> REQUEST_ID)
                .accessTokens(() -> OTHER_SELLER_TOKEN)
                .build();

        assertThatThrownBy(() -> otherSeller.items().updateItem(RADIO, new ItemPatch().name("Not my item"), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.getCode()).contains("forbidden");
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getType()).isEqualTo("https://api.marketplace.example/problems/forbidden");
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items/" + RADIO);
                });
    }
}
