package dev.marketplace.payment;

import dev.marketplace.api.PaymentsApi;
import dev.marketplace.api.model.PaymentEventDto;
import dev.marketplace.api.model.PaymentEventReceiptDto;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The payment provider's webhook. Public in the spec ({@code security: []}): it is authenticated by the
 * {@code Payment-Signature} header, which {@link PaymentSignatureAdvice} verifies over the raw body.
 */
@RestController
class PaymentController implements PaymentsApi {

    private final PaymentService service;

    PaymentController(PaymentService service) {
        this.service = service;
    }

    @Override
    public ResponseEntity<PaymentEventReceiptDto> receivePaymentEvent(
            PaymentEventDto paymentEvent, String paymentSignature) {
        return ResponseEntity.ok(new PaymentEventReceiptDto(service.receive(paymentEvent)));
    }
}
