package dev.marketplace.shared.problem;

import dev.marketplace.api.model.FieldErrorDto;
import java.util.List;
import org.springframework.context.MessageSourceResolvable;

/** A failure a client caused and can act on; rendered as an RFC 9457 problem of the given type. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final transient MessageSourceResolvable detail;
    private final transient List<FieldErrorDto> errors;

    public ApiException(ProblemType type, String detail) {
        this(type, ProblemMessages.literal(detail), List.of());
    }

    /** A detail that is translated for the client ({@link ProblemMessages#detail}). */
    public ApiException(ProblemType type, MessageSourceResolvable detail) {
        this(type, detail, List.of());
    }

    public ApiException(ProblemType type, String detail, List<FieldErrorDto> errors) {
        this(type, ProblemMessages.literal(detail), errors);
    }

    private ApiException(ProblemType type, MessageSourceResolvable detail, List<FieldErrorDto> errors) {
        super(ProblemMessages.english(detail), null, false, false);
        this.type = type;
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    public ProblemType type() {
        return type;
    }

    public MessageSourceResolvable detail() {
        return detail;
    }

    public List<FieldErrorDto> errors() {
        return errors;
    }

    /** A 400 validation problem about one field. */
    public static ApiException invalidField(String field, String code, String message) {
        return new ApiException(
                ProblemType.VALIDATION_ERROR,
                ProblemMessages.detail("validation", 1),
                List.of(new FieldErrorDto(field, message, code)));
    }
}
