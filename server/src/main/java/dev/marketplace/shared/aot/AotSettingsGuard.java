package dev.marketplace.shared.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * In Spring AOT mode ({@code -Dspring.aot.enabled=true}), refuses to start when a setting that the build decided
 * ({@link AotSettings}) has another value now: the generated bean definitions would silently ignore it (spans not
 * exported, the wrong token issuer trusted, migrations run although disabled). The message names each setting and the
 * two ways out: build the jar with that setting, or start without Spring AOT. Does nothing in the normal mode.
 */
public class AotSettingsGuard implements EnvironmentPostProcessor, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!AotDetector.useGeneratedArtifacts()) {
            return;
        }
        ClassLoader loader = application.getClassLoader();
        Map<String, String> build = load(loader == null ? AotSettingsGuard.class.getClassLoader() : loader);
        List<String> differences = AotSettings.differences(build, AotSettings.of(environment));
        if (!differences.isEmpty()) {
            throw new IllegalStateException("This jar's Spring AOT code was generated with other settings ("
                    + String.join("; ", differences)
                    + "). Spring AOT decides at build time which beans exist, so these settings would be ignored."
                    + " Build the jar with them (./mvnw -pl server -am package -DskipTests -Pspring-aot"
                    + " -Dspring-boot.aot.jvmArguments=\"-D<setting>=<value> ...\", README \"Spring AOT\")"
                    + " or start it without -Dspring.aot.enabled=true.");
        }
    }

    private static Map<String, String> load(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(AotSettings.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Spring AOT mode (-Dspring.aot.enabled=true) but "
                        + AotSettings.RESOURCE + " is missing: this jar was not built with -Pspring-aot");
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> settings = new HashMap<>();
            properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
