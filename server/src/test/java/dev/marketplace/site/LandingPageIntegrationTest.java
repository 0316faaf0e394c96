package dev.marketplace.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /}: a static page whose links all work, fingerprinted assets cached for a year, and a CSP that fits it. */
class LandingPageIntegrationTest extends ApiIntegrationTest {

    private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]+)\"");

    @Test
    void theLandingPageIsHtmlCachedBrieflyWithACspAndNoScripts() {
        Response page = anonymous.send("GET", "/", null, null, Map.of("Accept", "text/html"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualToIgnoringCase("text/html;charset=UTF-8");
        assertThat(page.header("Cache-Control")).isEqualTo("max-age=300, public");
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'")
                .doesNotContain("script-src 'self' 'unsafe-inline'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body()).contains("<h1>Marketplace API</h1>").doesNotContain("<script", "style=", "{{");
    }

    @Test
    void everyLinkAndAssetOnThePageAnswers200() {
        List<String> links = links(anonymous
                .send("GET", "/", null, null, Map.of("Accept", "text/html"))
                .body());

        assertThat(links).contains("/api/docs", "/api/redoc", "/api/openapi.yaml", "/api", "/api/v2/items");
        List<String> failures = new ArrayList<>();
        for (String link : links) {
            Response response = anonymous.get(link);
            if (response.status() != 200) {
                failures.add(link + " -> " + response.status());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void assetsHaveFingerprintedNamesAndAreImmutableForAYear() {
        List<String> assets =
                links(anonymous
                                .send("GET", "/", null, null, Map.of("Accept", "text/html"))
                                .body())
                        .stream()
                        .filter(l -> l.startsWith("/static/"))
                        .distinct()
                        .toList();

        assertThat(assets)
                .hasSize(2)
                .anyMatch(a -> a.matches("/static/css/site-[0-9a-f]{32}\\.css"))
                .anyMatch(a -> a.matches("/static/img/logo-[0-9a-f]{32}\\.svg"));
        for (String asset : assets) {
            Response response = anonymous.get(asset);
            assertThat(response.status()).as(asset).isEqualTo(200);
            assertThat(response.header("Cache-Control")).as(asset).contains("max-age=31536000", "public", "immutable");
            assertThat(response.header("Content-Type"))
                    .as(asset)
                    .startsWith(asset.endsWith(".css") ? "text/css" : "image/svg+xml");
        }
        String css = assets.stream().filter(a -> a.endsWith(".css")).findFirst().orElseThrow();
        Response stale = anonymous.get(css.replaceAll("-[0-9a-f]{32}", "-00000000000000000000000000000000"));
        assertThat(stale.status())
                .as("a fingerprint that does not match the content")
                .isEqualTo(404);
    }

    @Test
    void docsAssetsAreCacheable() {
        Response css = anonymous.get("/webjars/swagger-ui/swagger-ui.css");
        Response docs = anonymous.get("/api/docs");

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Cache-Control")).contains("max-age=3600", "public");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("Cache-Control")).contains("max-age=3600", "public");
    }

    private static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        Matcher matcher = LINK.matcher(html);
        while (matcher.find()) {
            links.add(matcher.group(1));
        }
        return links;
    }
}
