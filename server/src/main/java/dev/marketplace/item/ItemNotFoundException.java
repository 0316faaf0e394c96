package dev.marketplace.item;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import java.util.UUID;

class ItemNotFoundException extends ApiException {

    ItemNotFoundException(UUID id) {
        super(ProblemType.ITEM_NOT_FOUND, "No item with id " + id + ".");
    }
}
