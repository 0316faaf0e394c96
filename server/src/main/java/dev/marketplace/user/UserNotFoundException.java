package dev.marketplace.user;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemMessages;
import dev.marketplace.shared.problem.ProblemType;

class UserNotFoundException extends ApiException {

    UserNotFoundException(String id) {
        super(ProblemType.USER_NOT_FOUND, ProblemMessages.detail("user_not_found_id", id));
    }
}
