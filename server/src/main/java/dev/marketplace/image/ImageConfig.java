package dev.marketplace.image;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Multipart limits derived from {@link ImageProperties}, so there is one setting for the upload size. */
@Configuration(proxyBeanMethods = false)
class ImageConfig {

    /** Room for the multipart framing (boundaries, part headers) around the file. */
    static final long FRAMING = 64 * 1024;
    /** Parts up to this size stay in memory; larger ones are buffered in a temporary file by the container. */
    private static final int IN_MEMORY = 256 * 1024;

    @Bean
    MultipartConfigElement multipartConfigElement(ImageProperties properties) {
        long maxFile = properties.maxSize().toBytes();
        return new MultipartConfigElement("", maxFile, maxFile + FRAMING, IN_MEMORY);
    }
}
