package dev.marketplace.shared.aot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;

/**
 * The settings that Spring AOT decides at build time. A jar built with {@code -Pspring-aot} and started with
 * {@code -Dspring.aot.enabled=true} runs the bean definitions generated at build time: which beans exist, and so
 * whether spans are exported or an external token issuer is used, was decided by the settings of the build. Such a
 * setting changed at run time would be silently ignored; {@link AotSettingsGuard} refuses to start instead.
 *
 * <p>Settings that only configure a bean that exists anyway (the database URL, the SMTP server, pool sizes, rate
 * limits, secrets) are read at run time as usual and are not listed here.
 */
public final class AotSettings {

    /** Where the build's values are kept in the jar (written by {@link AotSettingsRecorder}). */
    public static final String RESOURCE = "META-INF/marketplace/aot-settings.properties";

    static final String PROFILES = "spring.profiles.active";

    /** Profiles whose beans are registered at run time in both modes (see {@code BenchEndpoints}). */
    static final Set<String> RUN_TIME_PROFILES = Set.of("bench");

    /** Settings whose presence (any non-blank value) decides whether beans exist. */
    static final List<String> PRESENCE = List.of(
            "management.opentelemetry.tracing.export.otlp.endpoint",
            "spring.security.oauth2.resourceserver.jwt.issuer-uri",
            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
            "spring.security.oauth2.resourceserver.jwt.public-key-location");

    /** Settings whose value decides whether beans exist, with the value that applies when unset. */
    static final Map<String, String> VALUES = values();

    private static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("spring.flyway.enabled", "true");
        values.put("spring.threads.virtual.enabled", "false");
        values.put("management.endpoints.web.exposure.include", "");
        values.put("spring.autoconfigure.exclude", "");
        values.put("spring.data.jpa.repositories.bootstrap-mode", "default");
        return values;
    }

    /**
     * Health indicators switched on or off ({@code management.health.<name>.enabled}, and {@code .defaults.}): each is a
     * condition on a bean, so the build's switches are recorded as one setting, {@code name=value,...} in name order.
     */
    static final String HEALTH_INDICATORS = "management.health.*.enabled";

    private static final Pattern HEALTH_SWITCH = Pattern.compile("management\\.health\\.([a-z0-9.-]+)\\.enabled");

    private AotSettings() {}

    /** The listed settings as {@code environment} has them: presence as {@code set}/{@code unset}, values trimmed. */
    public static Map<String, String> of(Environment environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        Set<String> profiles = new TreeSet<>(Arrays.asList(environment.getActiveProfiles()));
        profiles.removeAll(RUN_TIME_PROFILES);
        settings.put(PROFILES, String.join(",", profiles));
        for (String key : PRESENCE) {
            String value = environment.getProperty(key, "");
            settings.put(key, value.isBlank() ? "unset" : "set");
        }
        VALUES.forEach((key, fallback) ->
                settings.put(key, environment.getProperty(key, fallback).strip()));
        settings.put(HEALTH_INDICATORS, healthIndicatorSwitches(environment));
        return settings;
    }

    /**
     * Every {@code management.health.<name>.enabled} some property source names (in any of Spring's spellings of it:
     * {@code MANAGEMENT_HEALTH_MAIL_ENABLED} as well), with the value the environment resolves for it.
     */
    private static String healthIndicatorSwitches(Environment environment) {
        Map<String, String> switches = new TreeMap<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (var source : configurable.getPropertySources()) {
                if (!(source instanceof EnumerablePropertySource<?> names)) {
                    continue;
                }
                for (String name : names.getPropertyNames()) {
                    Matcher m =
                            HEALTH_SWITCH.matcher(name.toLowerCase(Locale.ROOT).replace('_', '.'));
                    if (m.matches()) {
                        // The environment's resolved value (the source that wins), else this source's own.
                        String value = environment.getProperty(m.group(0), String.valueOf(names.getProperty(name)));
                        switches.putIfAbsent(m.group(1), value.strip());
                    }
                }
            }
        }
        return switches.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** One sentence per setting whose run-time value differs from the build's; empty when none does. */
    public static List<String> differences(Map<String, String> build, Map<String, String> runtime) {
        List<String> differences = new ArrayList<>();
        runtime.forEach((key, now) -> {
            String then = build.get(key);
            if (!now.equals(then)) {
                differences.add(key + " was '" + (then == null ? "(not recorded)" : then) + "' at build time and is '"
                        + now + "' now");
            }
        });
        return differences;
    }
}
