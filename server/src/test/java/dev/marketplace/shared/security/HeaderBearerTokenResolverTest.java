package dev.marketplace.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The hand-written resolver gives Spring Security's answer (token, none, or the same error) for every header. */
class HeaderBearerTokenResolverTest {

    private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
    private final HeaderBearerTokenResolver ours = new HeaderBearerTokenResolver();

    private static String outcome(
            org.springframework.security.oauth2.server.resource.web.BearerTokenResolver resolver, String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v2/items");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        try {
            return "token:" + resolver.resolve(request);
        } catch (OAuth2AuthenticationException e) {
            return "error:" + e.getError().getErrorCode() + ":" + e.getError().getDescription();
        }
    }

    @Test
    void agreesWithSpringSecurityOnKnownCases() {
        List<String> headers = java.util.Arrays.asList(
                null,
                "",
                "Bearer",
                "Bearer ",
                "bearer abc",
                "BEARER abc.def-ghi_jkl~mno+pqr/st==",
                "Bearer  abc",
                "Bearer abc ",
                "Bearer abc=def",
                "Bearer ===",
                "Bearer abc\n",
                "Bearer\tabc",
                "Basic dXNlcjpwYXNz",
                "Bearerabc",
                "bearer:abc",
                "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
                "Bearer abc\u00e9",
                "Bearer a,b",
                "DPoP abc",
                "Bearer ab==c");
        for (String header : headers) {
            assertThat(outcome(ours, header)).as(String.valueOf(header)).isEqualTo(outcome(spring, header));
        }
    }

    @Test
    void agreesWithSpringSecurityOnRandomHeaders() {
        Random random = new Random(11);
        String alphabet = "aZ09-._~+/= \t\n:,;\"\u00e9Bbearer";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header =
                    new StringBuilder(random.nextBoolean() ? "Bearer " : random.nextBoolean() ? "bEaReR" : "");
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(outcome(ours, header.toString()))
                    .as(header.toString())
                    .isEqualTo(outcome(spring, header.toString()));
        }
    }
}
