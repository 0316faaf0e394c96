package dev.marketplace.shared.problem;

import dev.marketplace.api.model.FieldError;
import java.util.List;

/** A failure a client caused and can act on; rendered as an RFC 9457 problem of the given type. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final transient List<FieldError> errors;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** A 400 validation problem about one field. */
    public static ApiException invalidField(String field, String code, String message) {
        return new ApiException(ProblemType.VALIDATION_ERROR, "The request has 1 invalid field.",
                List.of(new FieldError(field, message, code)));
    }
}
