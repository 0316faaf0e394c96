package dev.marketplace.shared.docs;

import dev.marketplace.shared.spec.OpenApiDocument;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the source spec as written (not a spec reflected from code) and the two documentation UIs,
 * whose assets come from bundled webjars so they work offline.
 */
@Controller
class ApiDocsController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private final byte[] spec;
    private final byte[] events;

    ApiDocsController() throws IOException {
        this.spec = read(OpenApiDocument.RESOURCE);
        this.events = read("openapi/asyncapi.yaml");
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** The AsyncAPI 3 document of the webhooks and the live events socket; its payloads point into openapi.yaml. */
    @GetMapping(value = "/api/asyncapi.yaml")
    ResponseEntity<byte[]> events() {
        return ResponseEntity.ok()
                .contentType(YAML)
                .cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
                .body(events);
    }

    @GetMapping(value = "/api/openapi.yaml")
    ResponseEntity<byte[]> spec() {
        return ResponseEntity.ok()
                .contentType(YAML)
                .cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
                .body(spec);
    }

    @GetMapping({"/api/docs", "/api/docs/"})
    String swaggerUi() {
        return "forward:/api-docs/swagger.html";
    }

    @GetMapping({"/api/redoc", "/api/redoc/"})
    String redoc() {
        return "forward:/api-docs/redoc.html";
    }
}
