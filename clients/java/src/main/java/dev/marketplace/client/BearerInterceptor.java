package dev.marketplace.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

/**
 * Adds {@code Authorization: Bearer} to every request that has none, except to the token endpoint.
 * With a {@link TokenSession}, a 401 answer is retried once with a refreshed token.
 */
final class BearerInterceptor implements ClientHttpRequestInterceptor {

    private final @Nullable Supplier<String> accessTokens;
    volatile @Nullable TokenSession session;

    BearerInterceptor(@Nullable Supplier<String> accessTokens) {
        this.accessTokens = accessTokens;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        HttpHeaders headers = request.getHeaders();
        if (headers.containsHeader(HttpHeaders.AUTHORIZATION) || isTokenEndpoint(request.getURI())) {
            return execution.execute(request, body);
        }
        TokenSession tokens = session;
        String token = tokens != null ? tokens.accessToken() : accessTokens != null ? accessTokens.get() : null;
        if (token == null) {
            return execution.execute(request, body);
        }
        headers.setBearerAuth(token);
        ClientHttpResponse response = execution.execute(request, body);
        if (tokens == null || !response.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
            return response;
        }
        // Release the connection before waiting for (or doing) the refresh: with a bounded pool, requests
        // parked on the session lock while holding their 401 connections would starve the refresh.
        ClientHttpResponse rejected = BufferedResponse.of(response);
        String retryWith = tokens.afterRejection(token);
        if (retryWith == null || retryWith.equals(token)) {
            return rejected;
        }
        headers.setBearerAuth(retryWith);
        return execution.execute(request, body);
    }

    private static boolean isTokenEndpoint(URI uri) {
        return uri.getPath() != null && uri.getPath().endsWith(MarketplaceClient.TOKEN_PATH);
    }

    /** A response read into memory (and its connection released). */
    private record BufferedResponse(HttpStatusCode status, String text, HttpHeaders headers, byte[] content)
            implements ClientHttpResponse {

        static BufferedResponse of(ClientHttpResponse response) throws IOException {
            try (response) {
                HttpHeaders headers = new HttpHeaders();
                headers.putAll(response.getHeaders());
                return new BufferedResponse(
                        response.getStatusCode(),
                        response.getStatusText(),
                        headers,
                        StreamUtils.copyToByteArray(response.getBody()));
            }
        }

        @Override
        public HttpStatusCode getStatusCode() {
            return status;
        }

        @Override
        public String getStatusText() {
            return text;
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(content);
        }

        @Override
        public void close() {}
    }
}
