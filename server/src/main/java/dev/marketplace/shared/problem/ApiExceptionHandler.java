package dev.marketplace.shared.problem;

import dev.marketplace.api.model.FieldErrorDto;
import dev.marketplace.api.model.ProblemDto;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every exception a request can raise into an RFC 9457 problem. Nothing about the cause (class
 * names, stack traces, SQL) reaches the client; unexpected failures are logged with the request id.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDto> api(ApiException ex, HttpServletRequest request) {
        return ProblemFactory.response(ex.type(), ex.detail(), request, ex.errors(), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(RangeNotSatisfiableException.class)
    ResponseEntity<ProblemDto> rangeNotSatisfiable(RangeNotSatisfiableException ex, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + ex.size());
        return ProblemFactory.response(ex.type(), ex.getMessage(), request, List.of(), headers);
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<ProblemDto> missingPart(MissingServletRequestPartException ex, HttpServletRequest request) {
        return validation(List.of(new FieldErrorDto(ex.getRequestPartName(), "part is required", "required")), request);
    }

    /** A multipart body that cannot be parsed (no boundary, truncated, ...); size overruns are handled below. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDto> malformedMultipart(MultipartException ex, HttpServletRequest request) {
        if (ex instanceof MaxUploadSizeExceededException || causedBy(ex, PayloadTooLargeException.class)) {
            return tooLarge(request);
        }
        return ProblemFactory.response(
                ProblemType.MALFORMED_REQUEST, "The multipart/form-data body could not be read.", request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDto> invalidBody(MethodArgumentNotValidException ex, HttpServletRequest request) {
        return validation(fieldErrors(ex.getBindingResult(), ""), request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDto> invalidParameters(HandlerMethodValidationException ex, HttpServletRequest request) {
        List<FieldErrorDto> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof Errors bodyErrors) {
                errors.addAll(fieldErrors(bodyErrors, ""));
            } else {
                String name = parameterName(result.getMethodParameter());
                result.getResolvableErrors().forEach(error -> errors.add(fieldError(name, error)));
            }
        });
        return validation(errors, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDto> typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
        String name = parameterName(ex.getParameter());
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
        return validation(List.of(new FieldErrorDto(name, message, "type")), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDto> missingParameter(
            MissingServletRequestParameterException ex, HttpServletRequest request) {
        // Spring stops at the first missing parameter; name every required one that is missing (a form with three
        // empty fields gets three errors), looking at the operation's parameters as the generated interface declares
        // them.
        List<FieldErrorDto> errors = new java.util.ArrayList<>();
        org.springframework.core.MethodParameter failed = ex.getMethodParameter();
        if (failed != null && failed.getMethod() != null) {
            for (org.springframework.core.MethodParameter parameter :
                    new org.springframework.core.annotation.AnnotatedMethod(failed.getMethod()).getMethodParameters()) {
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                if (param == null
                        || !param.required()
                        || !org.springframework.web.bind.annotation.ValueConstants.DEFAULT_NONE.equals(
                                param.defaultValue())) {
                    continue;
                }
                String name = param.name().isEmpty() ? param.value() : param.name();
                if (!name.isEmpty() && request.getParameter(name) == null) {
                    errors.add(new FieldErrorDto(name, "is required", "required"));
                }
            }
        }
        if (errors.stream().noneMatch(e -> e.getField().equals(ex.getParameterName()))) {
            errors.add(0, new FieldErrorDto(ex.getParameterName(), "is required", "required"));
        }
        return validation(errors, request);
    }

    /**
     * A path variable that converts to nothing: {@code /api/v2/items/%20} (blank after trimming) gives no UUID.
     * A variable truly missing from the mapping would be a server bug, and stays a 500.
     */
    @ExceptionHandler(MissingPathVariableException.class)
    ResponseEntity<ProblemDto> blankPathVariable(MissingPathVariableException ex, HttpServletRequest request) {
        if (!ex.isMissingAfterConversion()) {
            return unexpected(ex, request);
        }
        String name = parameterName(ex.getParameter());
        String message =
                UUID.class.equals(ex.getParameter().getNestedParameterType()) ? "must be a UUID" : "must not be blank";
        return validation(List.of(new FieldErrorDto(name, message, "type")), request);
    }

    /**
     * A query string or form body that is not valid URL encoding ({@code a=%zz}, {@code ====}): the servlet
     * container refuses to parse it when a handler first asks for a parameter. (When a filter asks first,
     * {@code dev.marketplace.shared.web.RequestDecodingFilter} answers the same problem.)
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDto> undecodableParameters(InvalidParameterException ex, HttpServletRequest request) {
        if (ex.getErrorCode() == 413) {
            return tooLarge(request);
        }
        return ProblemFactory.response(ProblemType.MALFORMED_REQUEST, MalformedParameters.detail(request), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDto> missingHeader(MissingRequestHeaderException ex, HttpServletRequest request) {
        return validation(List.of(new FieldErrorDto(ex.getHeaderName(), "header is required", "required")), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDto> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
        if (causedBy(ex, PayloadTooLargeException.class)) {
            return tooLarge(request);
        }
        JacksonException jackson = cause(ex, JacksonException.class);
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            return validation(
                    List.of(new FieldErrorDto(
                            path(unknown), "is not a known or writable property", "unknown_property")),
                    request);
        }
        if (jackson instanceof InvalidNullException nulled) {
            return validation(List.of(new FieldErrorDto(path(nulled), "must not be null", "not_null")), request);
        }
        if (jackson instanceof DatabindException) {
            String message = jackson.getPath().isEmpty() ? "must be a JSON object" : "has the wrong type or format";
            return validation(List.of(new FieldErrorDto(path(jackson), message, "type")), request);
        }
        return ProblemFactory.response(
                ProblemType.MALFORMED_REQUEST,
                ProblemMessages.detail(ex.getCause() == null ? "body_missing" : "body_malformed"),
                request);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDto> payloadTooLarge(PayloadTooLargeException ex, HttpServletRequest request) {
        return tooLarge(request);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDto> uploadTooLarge(MaxUploadSizeExceededException ex, HttpServletRequest request) {
        return tooLarge(request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDto> methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (ex.getSupportedHttpMethods() != null) {
            headers.setAllow(ex.getSupportedHttpMethods());
        }
        var detail = ProblemMessages.detail(
                "method_not_allowed_here",
                ex.getMethod(),
                String.join(", ", ex.getSupportedMethods() == null ? new String[0] : ex.getSupportedMethods()));
        return ProblemFactory.response(ProblemType.METHOD_NOT_ALLOWED, detail, request, List.of(), headers);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDto> unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(ex.getSupportedMediaTypes());
        String supported =
                ex.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", "));
        String sent = ex.getContentType() == null
                ? null
                : ex.getContentType().getType() + "/" + ex.getContentType().getSubtype();
        return ProblemFactory.response(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                sent == null
                        ? ProblemMessages.detail("content_type_missing", supported)
                        : ProblemMessages.detail("unsupported_media_type_use", sent, supported),
                request,
                List.of(),
                headers);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDto> notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request) {
        String supported =
                ex.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", "));
        return ProblemFactory.response(
                ProblemType.NOT_ACCEPTABLE,
                ProblemMessages.detail("not_acceptable_offer", supported.isEmpty() ? "application/json" : supported),
                request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDto> noResource(NoResourceFoundException ex, HttpServletRequest request) {
        return ProblemFactory.response(ProblemType.NOT_FOUND, ProblemMessages.detail("no_such_path"), request);
    }

    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<ProblemDto> conflict(ObjectOptimisticLockingFailureException ex, HttpServletRequest request) {
        return ProblemFactory.response(
                ProblemType.CONFLICT, ProblemMessages.detail("concurrent_modification"), request);
    }

    /**
     * No database connection within the pool timeout (database down or pool saturated): fail fast with
     * 503 and Retry-After instead of hanging; nothing was changed.
     */
    @ExceptionHandler({
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        TransientDataAccessResourceException.class
    })
    ResponseEntity<ProblemDto> unavailable(Exception ex, HttpServletRequest request) {
        log.warn(
                "Database unavailable on {} {}: {}",
                request.getMethod(),
                request.getRequestURI(),
                ex.getClass().getSimpleName());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        return ProblemFactory.response(
                ProblemType.SERVICE_UNAVAILABLE,
                ProblemMessages.detail("service_unavailable_retry", String.valueOf(RETRY_AFTER_SECONDS)),
                request,
                List.of(),
                headers);
    }

    /** A value the database refuses (e.g. a NUL character in text) is the client's input, not a server fault. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDto> unstorable(DataIntegrityViolationException ex, HttpServletRequest request) {
        log.warn(
                "Database refused a value on {} {}: {}",
                request.getMethod(),
                request.getRequestURI(),
                ex.getMostSpecificCause().getClass().getSimpleName());
        return ProblemFactory.response(ProblemType.BAD_REQUEST, ProblemMessages.detail("unstorable"), request);
    }

    /**
     * The client went away while a response was streaming (e.g. a cancelled CSV download): there is no one to
     * answer and nothing went wrong on our side.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException ex, HttpServletRequest request) {
        log.debug("Client disconnected during {} {}", request.getMethod(), request.getRequestURI());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDto> unexpected(Exception ex, HttpServletRequest request) {
        if (databaseUnreachable(ex)) {
            return unavailable(ex, request);
        }
        if (requestReadTimedOut(ex)) {
            // A client that sends its body slower than server.tomcat.connection-timeout allows: its fault, not ours.
            log.debug("Request body not received in time on {} {}", request.getMethod(), request.getRequestURI());
            return ProblemFactory.response(
                    ProblemType.BAD_REQUEST,
                    ProblemMessages.literal("The request body did not arrive in time."),
                    request);
        }
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return ProblemFactory.response(ProblemType.INTERNAL_ERROR, ProblemMessages.detail("internal_error"), request);
    }

    /** Reading the request (e.g. a form body) hit the connector's read timeout or the client went away. */
    static boolean requestReadTimedOut(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.catalina.connector.ClientAbortException
                    || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A connection that died with the database surfaces under many wrappers, and the query's own failure
     * can be masked by a failed rollback (JpaSystemException → "Connection is closed" from the pool). It
     * shows as: SQL state class {@code 08} (connection exception) or {@code 57P01}–{@code 57P03} (server
     * shutting down or starting), a connection-level SQLException type, or a failure to begin, commit or
     * roll back whose SQLException has no SQL state (raised by the pool or driver, not the server).
     */
    static boolean databaseUnreachable(Throwable ex) {
        boolean transactionControl = false;
        boolean clientSideSqlError = false;
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                if (state == null) {
                    clientSideSqlError = true;
                } else if (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
            transactionControl |= t instanceof org.hibernate.TransactionException;
        }
        return transactionControl && clientSideSqlError;
    }

    private static ResponseEntity<ProblemDto> tooLarge(HttpServletRequest request) {
        return ProblemFactory.response(
                ProblemType.PAYLOAD_TOO_LARGE, ProblemMessages.detail("payload_too_large"), request);
    }

    private static ResponseEntity<ProblemDto> validation(List<FieldErrorDto> errors, HttpServletRequest request) {
        return ProblemFactory.response(
                ProblemType.VALIDATION_ERROR,
                ProblemMessages.detail("validation", errors.size()),
                request,
                errors,
                HttpHeaders.EMPTY);
    }

    private static List<FieldErrorDto> fieldErrors(Errors errors, String prefix) {
        List<FieldErrorDto> result = new ArrayList<>();
        errors.getFieldErrors().forEach(e -> result.add(fieldError(prefix + JsonNames.snakeCase(e.getField()), e)));
        errors.getGlobalErrors().forEach(e -> result.add(fieldError(prefix.isEmpty() ? "body" : prefix, e)));
        if (errors instanceof BindingResult) {
            result.sort(java.util.Comparator.comparing(FieldErrorDto::getField));
        }
        return result;
    }

    private static FieldErrorDto fieldError(String field, MessageSourceResolvable error) {
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
        return java.util.Arrays.stream(enumType.getEnumConstants())
                .map(Object::toString)
                .collect(Collectors.joining(", ", "[", "]"))
                .toLowerCase(Locale.ROOT);
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        return cause(ex, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
