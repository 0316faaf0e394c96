package dev.marketplace.shared.aot;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * At Spring AOT processing ({@code -Pspring-aot}), writes the build's {@link AotSettings} into the jar, so that
 * {@link AotSettingsGuard} can compare them with the run time's. Registered in {@code META-INF/spring/aot.factories}:
 * it runs only at build time and is no bean.
 */
class AotSettingsRecorder implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        Properties settings = new Properties();
        settings.putAll(AotSettings.of(beanFactory.getBean(Environment.class)));
        StringWriter text = new StringWriter();
        try {
            settings.store(text, "Settings decided at build time by Spring AOT (see AotSettings)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (generationContext, code) ->
                generationContext.getGeneratedFiles().addResourceFile(AotSettings.RESOURCE, text.toString());
    }
}
