package dev.marketplace.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts;
import dev.marketplace.testsupport.TestAccounts.Session;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Sign-up, self-service and administration of accounts over real HTTP. */
class UsersIntegrationTest extends ApiIntegrationTest {

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = anonymous;
    }

    @Test
    void signUpReturnsTheAccountWithoutAnySecret() {
        String email = "Mixed.Case-" + UUID.randomUUID() + "@Example.com";
        Response created = api.post("/api/v2/users", """
                {"email":"%s","password":"a-long-password","display_name":"Grace"}""".formatted(email));

        assertThat(created.status()).isEqualTo(201);
        JsonNode user = JSON.readTree(created.body());
        assertThat(user.get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(user.get("role").asString()).isEqualTo("buyer");
        assertThat(created.body()).doesNotContain("password", "hash", "$2a$");
    }

    @Test
    void anEmailCanOnlyBeRegisteredOnceWhateverItsCase() {
        Session buyer = accounts.session("buyer");
        Response again = api.post("/api/v2/users", """
                {"email":"%s","password":"a-long-password","display_name":"Twin"}""".formatted(buyer.email().toUpperCase()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("code").asString()).isEqualTo("email_taken");
    }

    @Test
    void signUpCannotChooseAdminOrSetServerOwnedFields() {
        Response admin = api.post("/api/v2/users", """
                {"email":"x-%s@example.com","password":"a-long-password","display_name":"X","role":"admin"}""".formatted(UUID.randomUUID()));
        assertThat(admin.status()).isEqualTo(400);
        Response withId = api.post("/api/v2/users", """
                {"email":"y-%s@example.com","password":"a-long-password","display_name":"Y","id":"%s"}""".formatted(UUID.randomUUID(), UUID.randomUUID()));
        assertThat(withId.status()).isEqualTo(400);
        Response shortPassword = api.post("/api/v2/users", """
                {"email":"z-%s@example.com","password":"short","display_name":"Z"}""".formatted(UUID.randomUUID()));
        assertThat(shortPassword.status()).isEqualTo(400);
    }

    @Test
    void meCanBeReadAndRenamedButNotPromoted() {
        Session seller = accounts.session("seller");
        ApiClient me = api.withToken(seller.accessToken());

        assertThat(JSON.readTree(me.get("/api/v2/users/me").body()).get("id").asString())
                .isEqualTo(seller.id());
        JsonNode renamed = JSON.readTree(
                me.patch("/api/v2/users/me", "{\"display_name\":\"Renamed\"}").body());
        assertThat(renamed.get("display_name").asString()).isEqualTo("Renamed");
        assertThat(renamed.get("version").asLong()).isEqualTo(1);

        Response promote = me.patch("/api/v2/users/me", "{\"role\":\"admin\"}");
        assertThat(promote.status()).isEqualTo(400);
        assertThat(me.patch("/api/v2/users/me", "{}").status()).isEqualTo(400);
    }

    @Test
    void deletingMyAccountEndsSignInAndRevokesRefreshTokens() {
        Session buyer = accounts.session("buyer");

        assertThat(api.withToken(buyer.accessToken()).delete("/api/v2/users/me").status())
                .isEqualTo(204);

        Response login = api.postForm(
                "/api/v2/auth/token",
                Map.of("grant_type", "password", "username", buyer.email(), "password", TestAccounts.PASSWORD));
        assertThat(login.status()).isEqualTo(400);
        Response refresh = api.postForm(
                "/api/v2/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", buyer.refreshToken()));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(api.withToken(buyer.accessToken()).get("/api/v2/users/me").status())
                .isEqualTo(404);
    }

    @Test
    void adminsListGetAndChangeRolesAndRolesChangeScopesAtNextRefresh() {
        Session admin = accounts.session("admin");
        Session buyer = accounts.session("buyer");
        ApiClient asAdmin = api.withToken(admin.accessToken());

        JsonNode page = JSON.readTree(asAdmin.get("/api/v2/users?limit=2").body());
        assertThat(page.get("data")).hasSize(2);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        JsonNode next = JSON.readTree(asAdmin.get("/api/v2/users?limit=2&cursor="
                        + page.get("next_cursor").asString())
                .body());
        assertThat(next.get("data").get(0).get("id"))
                .isNotEqualTo(page.get("data").get(1).get("id"));

        assertThat(JSON.readTree(asAdmin.get("/api/v2/users/" + buyer.id()).body())
                        .get("email")
                        .asString())
                .isEqualTo(buyer.email());
        JsonNode promoted = JSON.readTree(asAdmin.send(
                        "PUT",
                        "/api/v2/users/" + buyer.id() + "/role",
                        "application/json",
                        "{\"role\":\"seller\"}",
                        Map.of())
                .body());
        assertThat(promoted.get("role").asString()).isEqualTo("seller");

        Response selfChange = asAdmin.send(
                "PUT", "/api/v2/users/" + admin.id() + "/role", "application/json", "{\"role\":\"buyer\"}", Map.of());
        assertThat(selfChange.status()).isEqualTo(403);
        assertThat(asAdmin.get("/api/v2/users/" + UUID.randomUUID()).status()).isEqualTo(404);
    }
}
