package dev.marketplace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The marketplace API server: implements the interfaces generated from {@code api-spec/openapi.yaml}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MarketplaceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MarketplaceApplication.class, args);
    }
}
