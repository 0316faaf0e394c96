package dev.marketplace.live;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class LiveEventBusConfig {

    @Bean
    LiveEventBus liveEventBus(
            LiveProperties properties,
            LiveSessions sessions,
            JdbcTemplate jdbc,
            DataSource dataSource,
            JsonMapper json) {
        return switch (properties.fanout()) {
            case LOCAL -> new LocalEventBus(sessions);
            case POSTGRES -> new PostgresEventBus(jdbc, dataSource, sessions);
            case REDIS -> new RedisEventBus(properties.redisUrl(), sessions, json);
        };
    }
}
