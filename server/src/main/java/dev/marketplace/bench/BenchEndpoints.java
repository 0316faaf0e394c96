package dev.marketplace.bench;

import org.springframework.aot.AotDetector;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Registers the benchmark endpoint ({@link SlowController}) when the {@code bench} profile is active in Spring AOT
 * mode. A Spring AOT jar is generated for the {@code prod} profile alone, so component scanning's {@code @Profile}
 * decision was taken at build time without it; here it is taken at run time, as in the normal mode (where component
 * scanning registers the controller and this does nothing). Registered in {@code META-INF/spring.factories}.
 */
public class BenchEndpoints implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (AotDetector.useGeneratedArtifacts()
                && context.getEnvironment().matchesProfiles("bench")
                && context instanceof GenericApplicationContext generic) {
            generic.registerBean("slowController", SlowController.class);
        }
    }
}
