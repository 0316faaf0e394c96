package dev.marketplace.payment;

import dev.marketplace.api.model.PaymentEventDto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Checks the webhook signature over the raw request bytes before they are parsed into the generated
 * {@link PaymentEventDto}: the generated interface keeps the operation in step with the spec, and an unsigned
 * or wrongly signed request is refused ({@code 401}) without its body ever being interpreted.
 */
@ControllerAdvice(assignableTypes = PaymentController.class)
class PaymentSignatureAdvice extends RequestBodyAdviceAdapter {

    private final WebhookSignatures signatures;

    PaymentSignatureAdvice(WebhookSignatures signatures) {
        this.signatures = signatures;
    }

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return PaymentEventDto.class.equals(parameter.getParameterType());
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        byte[] body = input.getBody().readAllBytes();
        signatures.verify(input.getHeaders().getFirst(WebhookSignatures.HEADER), body);
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
