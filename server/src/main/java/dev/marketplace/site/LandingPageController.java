package dev.marketplace.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/**
 * {@code GET /}: a static page about the API. Its {@code {{/static/…}}} placeholders become the assets'
 * fingerprinted URLs (rendered once); the page itself is cached briefly, since its asset URLs change with them.
 */
@Controller
class LandingPageController {

    private static final Pattern ASSET = Pattern.compile("\\{\\{(/static/[A-Za-z0-9/._-]+)}}");
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final ResourceUrlProvider urls;
    private final String template;
    private volatile String page;

    LandingPageController(ResourceUrlProvider urls) {
        this.urls = urls;
        try (InputStream in = new ClassPathResource("site/index.html").getInputStream()) {
            this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> landingPage() {
        return ResponseEntity.ok()
                .contentType(HTML)
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(page());
    }

    private String page() {
        String rendered = page;
        if (rendered == null) {
            Matcher matcher = ASSET.matcher(template);
            StringBuilder html = new StringBuilder();
            while (matcher.find()) {
                String url = urls.getForLookupPath(matcher.group(1));
                if (url == null) {
                    throw new IllegalStateException("No asset " + matcher.group(1));
                }
                matcher.appendReplacement(html, Matcher.quoteReplacement(url));
            }
            matcher.appendTail(html);
            page = rendered = html.toString();
        }
        return rendered;
    }
}
