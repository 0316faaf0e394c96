package dev.marketplace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.user.UserService;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real accounts and real tokens for tests: sign-up and the token endpoint over HTTP (admins, who cannot
 * sign up, are created through the service). Nothing is mocked or bypassed.
 */
public final class TestAccounts {

    public static final String PASSWORD = "test-password-123";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApiClient api;
    private final UserService users;

    public TestAccounts(ApiClient api, UserService users) {
        this.api = api;
        this.users = users;
    }

    /** A signed-in account of the given role. */
    public Session session(String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.com";
        String id;
        if (role.equals("buyer") || role.equals("seller")) {
            ApiClient.Response created = api.post("/api/v2/users", """
                    {"email":"%s","password":"%s","display_name":"Test %s","role":"%s"}""".formatted(email, PASSWORD, role, role));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            id = JSON.readTree(created.body()).get("id").asString();
        } else {
            id = users.createAccount(email, PASSWORD, "Test " + role, role)
                    .getId()
                    .toString();
        }
        JsonNode tokens = token(email, PASSWORD);
        return new Session(
                id,
                email,
                tokens.get("access_token").asString(),
                tokens.get("refresh_token").asString());
    }

    public JsonNode token(String email, String password) {
        ApiClient.Response response = api.postForm(
                "/api/v2/auth/token", Map.of("grant_type", "password", "username", email, "password", password));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    public record Session(String id, String email, String accessToken, String refreshToken) {}
}
