package dev.marketplace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts;
import dev.marketplace.testsupport.TestAccounts.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Browser sign-in with cookies: hardened session cookie, CSRF double-submit on unsafe requests, sign-out. */
class BrowserSessionIntegrationTest extends ApiIntegrationTest {

    @Test
    void signingInSetsAnHttpOnlySessionCookieAndAReadableCsrfCookie() {
        Session buyer = accounts.session("buyer");

        Response response = signIn(buyer);

        assertThat(response.status()).isEqualTo(204);
        String session = setCookie(response, "mp_session");
        assertThat(session).contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=28800");
        String csrf = setCookie(response, "mp_csrf");
        assertThat(csrf).contains("Secure", "SameSite=Strict", "Path=/").doesNotContain("HttpOnly");
        assertThat(response.header("Cache-Control")).contains("no-store");
        // Cross-origin pages cannot read the API's cookies: the same CSRF token comes in an (exposed) header.
        assertThat(response.header("X-CSRF-Token")).isEqualTo(value(response, "mp_csrf"));
    }

    @Test
    void aSessionCookieWithoutItsCsrfTokenIsIgnoredWhereNoAuthenticationIsNeeded() {
        Session buyer = accounts.session("buyer");
        Response signedIn = signIn(buyer);
        String cookies = "mp_session=" + value(signedIn, "mp_session") + "; mp_csrf=" + value(signedIn, "mp_csrf");

        // The token endpoint, signing in again and sign-up are public: a cookie that came along is not used, not
        // refused.
        Response token = anonymous.send(
                "POST",
                "/api/v2/auth/token",
                "application/x-www-form-urlencoded",
                "grant_type=password&username=" + buyer.email().replace("@", "%40") + "&password="
                        + TestAccounts.PASSWORD.replace(" ", "+"),
                Map.of("Cookie", cookies));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(json(token).get("access_token").asString()).isNotBlank();
        Response again = anonymous.send(
                "POST",
                "/api/v2/auth/session",
                "application/x-www-form-urlencoded",
                "username=" + buyer.email().replace("@", "%40") + "&password="
                        + TestAccounts.PASSWORD.replace(" ", "+"),
                Map.of("Cookie", cookies));
        assertThat(again.status()).as(again.body()).isEqualTo(204);
        assertThat(anonymous
                        .send("GET", "/api/v2/items?limit=1", null, null, Map.of("Cookie", cookies))
                        .status())
                .isEqualTo(200);

        // A protected change still needs the token, and signing out a live session too (or any page could).
        problem(
                anonymous.send("POST", "/api/v2/users/me/email-verification", null, null, Map.of("Cookie", cookies)),
                403,
                "csrf_invalid");
        problem(
                anonymous.send("DELETE", "/api/v2/auth/session", null, null, Map.of("Cookie", cookies)),
                403,
                "csrf_invalid");
        problem(
                anonymous.send(
                        "DELETE",
                        "/api/v2/auth/session",
                        null,
                        null,
                        Map.of("Cookie", cookies, "X-CSRF-Token", "c_forged")),
                403,
                "csrf_invalid");
        Response me = anonymous.send("GET", "/api/v2/users/me", null, null, Map.of("Cookie", cookies));
        assertThat(me.status()).as("the session survived").isEqualTo(200);
    }

    @Test
    void aCookieCallerWithoutALiveSessionIsToldTheSessionIsMissingOrExpired() {
        Response signedIn = signIn(accounts.session("buyer"));
        String cookies = "mp_session=" + value(signedIn, "mp_session");
        anonymous.send(
                "DELETE",
                "/api/v2/auth/session",
                null,
                null,
                Map.of("Cookie", cookies, "X-CSRF-Token", value(signedIn, "mp_csrf")));

        JsonNode expired = problem(
                anonymous.send("GET", "/api/v2/users/me", null, null, Map.of("Cookie", cookies)), 401, "unauthorized");
        assertThat(expired.get("detail").asString())
                .contains("session has expired or was ended")
                .doesNotContain("Authorization");

        // A page whose browser sent no cookie (e.g. a cross-origin call without credentials) but the CSRF header.
        JsonNode missing = problem(
                anonymous.send("GET", "/api/v2/users/me", null, null, Map.of("X-CSRF-Token", "c_whatever")),
                401,
                "unauthorized");
        assertThat(missing.get("detail").asString()).contains("session is missing");

        JsonNode bearer = problem(
                anonymous.send("GET", "/api/v2/users/me", null, null, Map.of("Authorization", "Bearer nope")),
                401,
                "unauthorized");
        assertThat(bearer.get("detail").asString()).contains("access token is not valid");
    }

    @Test
    void theCookieAuthenticatesAndUnsafeRequestsNeedTheMatchingCsrfHeader() {
        Session buyer = accounts.session("buyer");
        Response signedIn = signIn(buyer);
        String cookies = "mp_session=" + value(signedIn, "mp_session") + "; mp_csrf=" + value(signedIn, "mp_csrf");

        Response me = anonymous.send("GET", "/api/v2/users/me", null, null, Map.of("Cookie", cookies));
        assertThat(json(me).get("email").asString()).isEqualTo(buyer.email());

        problem(
                anonymous.send(
                        "PATCH",
                        "/api/v2/users/me",
                        "application/merge-patch+json",
                        "{\"display_name\":\"X\"}",
                        Map.of("Cookie", cookies)),
                403,
                "csrf_invalid");
        problem(
                anonymous.send(
                        "PATCH",
                        "/api/v2/users/me",
                        "application/merge-patch+json",
                        "{\"display_name\":\"X\"}",
                        Map.of("Cookie", cookies, "X-CSRF-Token", "c_forged")),
                403,
                "csrf_invalid");
        Response changed = anonymous.send(
                "PATCH",
                "/api/v2/users/me",
                "application/merge-patch+json",
                "{\"display_name\":\"X\"}",
                Map.of("Cookie", cookies, "X-CSRF-Token", value(signedIn, "mp_csrf")));
        assertThat(json(changed).get("display_name").asString()).isEqualTo("X");
    }

    @Test
    void signingOutEndsTheSessionServerSideAndClearsTheCookies() {
        Response signedIn = signIn(accounts.session("buyer"));
        String cookies = "mp_session=" + value(signedIn, "mp_session");

        Response out = anonymous.send(
                "DELETE",
                "/api/v2/auth/session",
                null,
                null,
                Map.of("Cookie", cookies, "X-CSRF-Token", value(signedIn, "mp_csrf")));

        assertThat(out.status()).isEqualTo(204);
        assertThat(setCookie(out, "mp_session")).contains("Max-Age=0");
        assertThat(setCookie(out, "mp_csrf")).contains("Max-Age=0");
        problem(anonymous.send("GET", "/api/v2/users/me", null, null, Map.of("Cookie", cookies)), 401, "unauthorized");
    }

    @Test
    void aWrongPasswordSetsNoCookie() {
        Session buyer = accounts.session("buyer");
        Response response = anonymous.postForm(
                "/api/v2/auth/session", Map.of("username", buyer.email(), "password", "wrong-password-1"));
        problem(response, 400, "invalid_grant");
        assertThat(setCookies(response)).isEmpty();
    }

    private Response signIn(Session user) {
        return anonymous.postForm(
                "/api/v2/auth/session", Map.of("username", user.email(), "password", TestAccounts.PASSWORD));
    }

    private static List<String> setCookies(Response response) {
        return response.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream())
                .toList();
    }

    private static String setCookie(Response response, String name) {
        return setCookies(response).stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Set-Cookie for " + name));
    }

    private static String value(Response response, String name) {
        String cookie = setCookie(response, name);
        return cookie.substring(name.length() + 1, cookie.indexOf(';'));
    }
}
