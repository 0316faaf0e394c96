package dev.marketplace.shared.problem;

import dev.marketplace.api.model.FieldErrorDto;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The {@code errors[]} of a {@code validation_error} problem, one {@link FieldErrorDto} per offending field, parameter
 * or header, named as the client sent it ({@code snake_case} JSON paths, parameter and header names as the spec
 * declares them).
 */
final class FieldErrors {

    private FieldErrors() {}

    /** A required parameter, header or part that is missing. */
    static FieldErrorDto required(String name, String message) {
        return new FieldErrorDto(name, message, "required");
    }

    /** Bean validation errors of a body (sorted by field for a binding result) or of one parameter. */
    static List<FieldErrorDto> of(Errors errors, String prefix) {
        List<FieldErrorDto> result = new ArrayList<>();
        errors.getFieldErrors().forEach(e -> result.add(of(prefix + JsonNames.snakeCase(e.getField()), e)));
        errors.getGlobalErrors().forEach(e -> result.add(of(prefix.isEmpty() ? "body" : prefix, e)));
        if (errors instanceof BindingResult) {
            result.sort(Comparator.comparing(FieldErrorDto::getField));
        }
        return result;
    }

    /** Constraint violations on the handler method's parameters (and bodies), in parameter order. */
    static List<FieldErrorDto> of(HandlerMethodValidationException ex) {
        List<FieldErrorDto> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof Errors bodyErrors) {
                errors.addAll(of(bodyErrors, ""));
            } else {
                String name = parameterName(result.getMethodParameter());
                result.getResolvableErrors().forEach(error -> errors.add(of(name, error)));
            }
        });
        return errors;
    }

    /** A parameter whose value does not convert to the declared type. */
    static FieldErrorDto typeMismatch(MethodArgumentTypeMismatchException ex) {
        Class<?> required = ex.getRequiredType();
        String message;
        if (required != null && UUID.class.equals(required)) {
            message = "must be a UUID";
        } else if (required != null && required.isEnum()) {
            message = "must be one of " + enumValues(required);
        } else if (required != null && Number.class.isAssignableFrom(required)) {
            message = "must be an integer";
        } else {
            message = "has an invalid format";
        }
        return new FieldErrorDto(parameterName(ex.getParameter()), message, "type");
    }

    /**
     * Every required parameter that is missing, the one Spring reported first. Spring stops at the first missing
     * parameter; a form with three empty fields gets three errors, looking at the operation's parameters as the
     * generated interface declares them.
     */
    static List<FieldErrorDto> missingParameters(
            MissingServletRequestParameterException ex, HttpServletRequest request) {
        List<FieldErrorDto> errors = new ArrayList<>();
        MethodParameter failed = ex.getMethodParameter();
        if (failed != null && failed.getMethod() != null) {
            for (MethodParameter parameter : new AnnotatedMethod(failed.getMethod()).getMethodParameters()) {
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                if (param == null || !param.required() || !ValueConstants.DEFAULT_NONE.equals(param.defaultValue())) {
                    continue;
                }
                String name = param.name().isEmpty() ? param.value() : param.name();
                if (!name.isEmpty() && request.getParameter(name) == null) {
                    errors.add(required(name, "is required"));
                }
            }
        }
        if (errors.stream().noneMatch(e -> e.getField().equals(ex.getParameterName()))) {
            errors.add(0, required(ex.getParameterName(), "is required"));
        }
        return errors;
    }

    /** A path variable that converted to nothing ({@code /api/v2/items/%20}). */
    static FieldErrorDto blankPathVariable(MissingPathVariableException ex) {
        String message =
                UUID.class.equals(ex.getParameter().getNestedParameterType()) ? "must be a UUID" : "must not be blank";
        return new FieldErrorDto(parameterName(ex.getParameter()), message, "type");
    }

    /** The field a JSON body could not be bound at, or null when the body is not JSON at all (a malformed request). */
    static @Nullable FieldErrorDto unbindable(@Nullable JacksonException jackson) {
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            return new FieldErrorDto(path(unknown), "is not a known or writable property", "unknown_property");
        }
        if (jackson instanceof InvalidNullException nulled) {
            return new FieldErrorDto(path(nulled), "must not be null", "not_null");
        }
        if (jackson instanceof DatabindException) {
            String message = jackson.getPath().isEmpty() ? "must be a JSON object" : "has the wrong type or format";
            return new FieldErrorDto(path(jackson), message, "type");
        }
        return null;
    }

    private static FieldErrorDto of(String field, MessageSourceResolvable error) {
        String[] codes = error.getCodes();
        String constraint = codes == null || codes.length == 0 ? "invalid" : codes[codes.length - 1];
        String message = error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
        return new FieldErrorDto(field, message, JsonNames.constraintCode(constraint));
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.value().isEmpty()) {
            return param.value();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.value().isEmpty()) {
            return path.value();
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.value().isEmpty()) {
            return header.value();
        }
        String name = parameter.getParameterName();
        return name == null ? "parameter" : JsonNames.snakeCase(name);
    }

    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String enumValues(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(Object::toString)
                .collect(Collectors.joining(", ", "[", "]"))
                .toLowerCase(Locale.ROOT);
    }
}
