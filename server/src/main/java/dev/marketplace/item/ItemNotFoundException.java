package dev.marketplace.item;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemMessages;
import dev.marketplace.shared.problem.ProblemType;
import java.util.UUID;

class ItemNotFoundException extends ApiException {

    ItemNotFoundException(UUID id) {
        super(ProblemType.ITEM_NOT_FOUND, ProblemMessages.detail("item_not_found_id", id.toString()));
    }
}
