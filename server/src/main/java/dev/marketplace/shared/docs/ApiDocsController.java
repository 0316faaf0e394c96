package dev.marketplace.shared.docs;

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

    ApiDocsController() throws IOException {
        try (InputStream in = new ClassPathResource("openapi/openapi.yaml").getInputStream()) {
            this.spec = in.readAllBytes();
        }
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
