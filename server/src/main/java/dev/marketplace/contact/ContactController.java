package dev.marketplace.contact;

import dev.marketplace.api.ContactApi;
import dev.marketplace.api.model.ContactReceiptDto;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v2/contact}: form-encoded, validated by the generated interface, answered 202 once stored. */
@RestController
class ContactController implements ContactApi {

    private final ContactService contact;

    ContactController(ContactService contact) {
        this.contact = contact;
    }

    @Override
    public ResponseEntity<ContactReceiptDto> submitContactMessage(String name, String email, String message) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(contact.submit(name, email, message));
    }
}
