package dev.marketplace.live;

import dev.marketplace.api.EventsApi;
import dev.marketplace.api.model.EventTicketDto;
import dev.marketplace.shared.security.CurrentActor;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EventTicketController implements EventsApi {

    private final EventTicketService tickets;
    private final CurrentActor actor;

    EventTicketController(EventTicketService tickets, CurrentActor actor) {
        this.tickets = tickets;
        this.actor = actor;
    }

    @Override
    public ResponseEntity<EventTicketDto> createEventTicket() {
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(tickets.issue(actor.require()));
    }
}
