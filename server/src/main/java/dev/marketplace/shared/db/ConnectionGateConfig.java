package dev.marketplace.shared.db;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Puts {@link GatedDataSource} in front of the application's connection pool (property
 * {@code marketplace.datasource.gate.yields}: how often a waiting virtual thread yields before it parks; default 8).
 */
@Configuration(proxyBeanMethods = false)
class ConnectionGateConfig {

    @Bean
    static BeanPostProcessor connectionGate(Environment environment) {
        int yields = environment.getProperty("marketplace.datasource.gate.yields", Integer.class, 8);
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool && "dataSource".equals(beanName)) {
                    return new GatedDataSource(pool, pool.getMaximumPoolSize(), pool.getConnectionTimeout(), yields);
                }
                return bean;
            }
        };
    }
}
