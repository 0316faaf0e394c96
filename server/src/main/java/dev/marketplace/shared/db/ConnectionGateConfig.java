package dev.marketplace.shared.db;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Puts {@link GatedDataSource} in front of the application's connection pool (property
 * {@code marketplace.datasource.gate.yields}: how often a waiting virtual thread yields before it parks; default 8).
 * Since callers wait here, HikariCP's own {@code hikaricp_connections_pending} stays near 0: the gate's gauges
 * {@code marketplace.db.connections.waiting} and {@code marketplace.db.connections.in.use} show the queue instead.
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

    @Bean
    MeterBinder connectionGateMetrics(DataSource dataSource) {
        return registry -> {
            GatedDataSource gate;
            try {
                gate = dataSource.isWrapperFor(GatedDataSource.class) ? dataSource.unwrap(GatedDataSource.class) : null;
            } catch (SQLException e) {
                gate = null;
            }
            if (gate == null) {
                return;
            }
            Gauge.builder("marketplace.db.connections.waiting", gate, GatedDataSource::waiting)
                    .description("Requests parked waiting for a database connection in front of the pool")
                    .register(registry);
            Gauge.builder("marketplace.db.connections.in.use", gate, GatedDataSource::inUse)
                    .description("Database connections handed out through the gate and not yet closed")
                    .register(registry);
        };
    }
}
