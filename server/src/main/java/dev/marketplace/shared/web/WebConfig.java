package dev.marketplace.shared.web;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.NonNull;
import org.openapitools.jackson.nullable.JsonNullableJackson3Module;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/** MVC wiring shared by every domain. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    static final DateTimeFormatter MICROSECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    /** MVC's handler lookup, narrowed by path first (see {@link PathIndexedHandlerMapping}). */
    @Bean
    WebMvcRegistrations pathIndexedHandlerMapping() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new PathIndexedHandlerMapping();
            }
        };
    }

    /**
     * Actuator's handler mappings after the application's (order 1 instead of -100): the DispatcherServlet asks its
     * mappings in order, and actuator's, asked first, evaluated each of its ~20 endpoint mappings in full for every
     * API request (2.3% of a GET's CPU, profiled for issue 11). No API path is an actuator path, so only who is asked
     * first changes: actuator's own requests (probes, scrapes) pass one failed lookup in the application's mapping.
     */
    @Bean
    static BeanPostProcessor actuatorHandlerMappingsLast() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractHandlerMapping mapping
                        && mapping.getOrder() < 0
                        && bean.getClass().getName().startsWith("org.springframework.boot.")
                        && bean.getClass().getName().contains(".actuate.")) {
                    mapping.setOrder(1);
                }
                return bean;
            }
        };
    }

    /** Lets Jackson read and write {@code JsonNullable} (merge-patch: absent vs. null). */
    @Bean
    JsonNullableJackson3Module jsonNullableModule() {
        return new JsonNullableJackson3Module();
    }

    /**
     * Strict request bodies: a JSON number or boolean is not silently turned into a string (the spec's
     * money amounts are strings), and no scalar is coerced into another type.
     */
    @Bean
    JsonMapperBuilderCustomizer strictCoercion() {
        return builder -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * Timestamps are RFC 3339 in UTC with exactly six fraction digits (microseconds, what PostgreSQL
     * stores), so every timestamp has one spelling and round-trips unchanged.
     */
    @Bean
    JsonMapperBuilderCustomizer microsecondTimestamps() {
        SimpleModule module = new SimpleModule("utc-microseconds");
        module.addSerializer(OffsetDateTime.class, new ValueSerializer<OffsetDateTime>() {
            @Override
            public void serialize(OffsetDateTime value, JsonGenerator generator, SerializationContext context) {
                generator.writeString(MICROSECONDS.format(value.withOffsetSameInstant(ZoneOffset.UTC)));
            }
        });
        return builder -> builder.addModule(module);
    }

    /** Query parameters bind to generated enums by their wire value ({@code -created_at}), not the Java name. */
    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverterFactory(new WireValueEnumConverterFactory());
    }

    /**
     * Spring's conversion service asks the factory for a converter on every conversion (every enum query parameter
     * of every request), so the converter, with its reflective {@code fromValue} lookup, is built once per enum type.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class WireValueEnumConverterFactory implements ConverterFactory<String, Enum> {
        private final ClassValue<Converter<String, ?>> converters = new ClassValue<>() {
            @Override
            protected Converter<String, ?> computeValue(Class<?> type) {
                return create((Class<Enum>) type);
            }
        };

        @Override
        public <T extends Enum> @NonNull Converter<String, T> getConverter(@NonNull Class<T> targetType) {
            return (Converter<String, T>) converters.get(targetType);
        }

        private static <T extends Enum> Converter<String, T> create(Class<T> targetType) {
            Method fromValue = findFromValue(targetType);
            if (fromValue == null) {
                return source -> (T) Enum.valueOf(targetType, source.trim());
            }
            return source -> {
                try {
                    return (T) fromValue.invoke(null, source);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("Unexpected value '" + source + "'");
                }
            };
        }

        private static Method findFromValue(Class<?> type) {
            try {
                Method method = type.getMethod("fromValue", String.class);
                return Modifier.isStatic(method.getModifiers()) ? method : null;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    }
}
