package dev.marketplace.shared.problem;

import dev.marketplace.api.model.FieldErrorDto;
import dev.marketplace.api.model.ProblemDto;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Turns every exception a request can raise into an RFC 9457 problem. Nothing about the cause (class
 * names, stack traces, SQL) reaches the client; unexpected failures are logged with the request id.
 *
 * <p>Spring MVC's standard exceptions arrive through {@link ResponseEntityExceptionHandler}'s hooks (one per
 * exception, overridden below where the API answers a problem of its own); a standard exception without such an
 * override reaches {@link #handleExceptionInternal} and is answered as an unexpected failure ({@code 500}), as every
 * exception the API does not name. The project's own exceptions and the persistence layer's have handlers here.
 * The {@code errors[]} of validation problems are built by {@link FieldErrors}; whether a failure is a database
 * outage ({@code 503}) is decided by {@link DatabaseOutage}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    // --- The API's own exceptions and the persistence layer's ---

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException ex, HttpServletRequest request) {
        return problem(ex.type(), ex.detail(), request, ex.errors(), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(RangeNotSatisfiableException.class)
    ResponseEntity<Object> rangeNotSatisfiable(RangeNotSatisfiableException ex, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + ex.size());
        return widen(ProblemFactory.response(ex.type(), ex.getMessage(), request, List.of(), headers));
    }

    /** A multipart body that cannot be parsed (no boundary, truncated, ...); size overruns are a {@code 413}. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> malformedMultipart(MultipartException ex, HttpServletRequest request) {
        if (causedBy(ex, PayloadTooLargeException.class)) {
            return tooLarge(request);
        }
        return widen(ProblemFactory.response(
                ProblemType.MALFORMED_REQUEST, "The multipart/form-data body could not be read.", request));
    }

    /**
     * A query string or form body that is not valid URL encoding ({@code a=%zz}, {@code ====}): the servlet
     * container refuses to parse it when a handler first asks for a parameter. (When a filter asks first,
     * {@code dev.marketplace.shared.web.RequestDecodingFilter} answers the same problem.)
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> undecodableParameters(InvalidParameterException ex, HttpServletRequest request) {
        if (ex.getErrorCode() == 413) {
            return tooLarge(request);
        }
        return problem(ProblemType.MALFORMED_REQUEST, MalformedParameters.detail(request), request);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException ex, HttpServletRequest request) {
        return tooLarge(request);
    }

    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<Object> conflict(ObjectOptimisticLockingFailureException ex, HttpServletRequest request) {
        return problem(ProblemType.CONFLICT, ProblemMessages.detail("concurrent_modification"), request);
    }

    /** A value the database refuses (e.g. a NUL character in text) is the client's input, not a server fault. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> unstorable(DataIntegrityViolationException ex, HttpServletRequest request) {
        log.warn(
                "Database refused a value on {} {}: {}",
                request.getMethod(),
                request.getRequestURI(),
                ex.getMostSpecificCause().getClass().getSimpleName());
        return problem(ProblemType.BAD_REQUEST, ProblemMessages.detail("unstorable"), request);
    }

    /**
     * Everything else: a database outage ({@link DatabaseOutage}: no connection within the pool timeout, the
     * database down or restarting) fails fast with {@code 503} and {@code Retry-After} instead of hanging, nothing
     * was changed; a request body that did not arrive in time is the client's fault; anything else is a bug,
     * logged with its stack trace and answered {@code 500}.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
        if (DatabaseOutage.is(ex)) {
            return unavailable(ex, request);
        }
        if (requestReadTimedOut(ex)) {
            // A client that sends its body slower than server.tomcat.connection-timeout allows: its fault, not ours.
            log.debug("Request body not received in time on {} {}", request.getMethod(), request.getRequestURI());
            return problem(
                    ProblemType.BAD_REQUEST,
                    ProblemMessages.literal("The request body did not arrive in time."),
                    request);
        }
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return problem(ProblemType.INTERNAL_ERROR, ProblemMessages.detail("internal_error"), request);
    }

    // --- Spring MVC's standard exceptions (ResponseEntityExceptionHandler's hooks) ---

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            MissingServletRequestPartException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return validation(List.of(FieldErrors.required(ex.getRequestPartName(), "part is required")), request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return tooLarge(servlet(request));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return validation(FieldErrors.of(ex.getBindingResult(), ""), request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return validation(FieldErrors.of(ex), request);
    }

    /** A query, path or header parameter that does not convert to its type; other mismatches are bugs. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (!(ex instanceof MethodArgumentTypeMismatchException mismatch)) {
            return unexpected(ex, servlet(request));
        }
        return validation(List.of(FieldErrors.typeMismatch(mismatch)), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return validation(FieldErrors.missingParameters(ex, servlet(request)), request);
    }

    /**
     * A path variable that converts to nothing: {@code /api/v2/items/%20} (blank after trimming) gives no UUID.
     * A variable truly missing from the mapping would be a server bug, and stays a 500.
     */
    @Override
    protected ResponseEntity<Object> handleMissingPathVariable(
            MissingPathVariableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (!ex.isMissingAfterConversion()) {
            return unexpected(ex, servlet(request));
        }
        return validation(List.of(FieldErrors.blankPathVariable(ex)), request);
    }

    /** A missing required header; other binding failures (cookies, matrix variables) are not part of the API. */
    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            ServletRequestBindingException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (!(ex instanceof MissingRequestHeaderException missing)) {
            return unexpected(ex, servlet(request));
        }
        return validation(List.of(FieldErrors.required(missing.getHeaderName(), "header is required")), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causedBy(ex, PayloadTooLargeException.class)) {
            return tooLarge(servlet(request));
        }
        FieldErrorDto unbindable = FieldErrors.unbindable(cause(ex, JacksonException.class));
        if (unbindable != null) {
            return validation(List.of(unbindable), request);
        }
        return problem(
                ProblemType.MALFORMED_REQUEST,
                ProblemMessages.detail(ex.getCause() == null ? "body_missing" : "body_malformed"),
                servlet(request));
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpHeaders allow = new HttpHeaders();
        if (ex.getSupportedHttpMethods() != null) {
            allow.setAllow(ex.getSupportedHttpMethods());
        }
        var detail = ProblemMessages.detail(
                "method_not_allowed_here",
                ex.getMethod(),
                String.join(", ", ex.getSupportedMethods() == null ? new String[0] : ex.getSupportedMethods()));
        return problem(ProblemType.METHOD_NOT_ALLOWED, detail, servlet(request), List.of(), allow);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpHeaders accept = new HttpHeaders();
        accept.setAccept(ex.getSupportedMediaTypes());
        String supported = mediaTypes(ex.getSupportedMediaTypes());
        String sent = ex.getContentType() == null
                ? null
                : ex.getContentType().getType() + "/" + ex.getContentType().getSubtype();
        return problem(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                sent == null
                        ? ProblemMessages.detail("content_type_missing", supported)
                        : ProblemMessages.detail("unsupported_media_type_use", sent, supported),
                servlet(request),
                List.of(),
                accept);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
            HttpMediaTypeNotAcceptableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String supported = mediaTypes(ex.getSupportedMediaTypes());
        return problem(
                ProblemType.NOT_ACCEPTABLE,
                ProblemMessages.detail("not_acceptable_offer", supported.isEmpty() ? "application/json" : supported),
                servlet(request));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(ProblemType.NOT_FOUND, ProblemMessages.detail("no_such_path"), servlet(request));
    }

    /**
     * The client went away while a response was streaming (e.g. a cancelled CSV download): there is no one to
     * answer and nothing went wrong on our side.
     */
    @Override
    protected @Nullable ResponseEntity<Object> handleAsyncRequestNotUsableException(
            AsyncRequestNotUsableException ex, WebRequest request) {
        HttpServletRequest servlet = servlet(request);
        log.debug("Client disconnected during {} {}", servlet.getMethod(), servlet.getRequestURI());
        return null;
    }

    /** Every standard exception without an override above: an unexpected failure, as before Spring's defaults. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        return unexpected(ex, servlet(request));
    }

    // --- Building the problems ---

    private static ResponseEntity<Object> unavailable(Exception ex, HttpServletRequest request) {
        log.warn(
                "Database unavailable on {} {}: {}",
                request.getMethod(),
                request.getRequestURI(),
                ex.getClass().getSimpleName());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        return problem(
                ProblemType.SERVICE_UNAVAILABLE,
                ProblemMessages.detail("service_unavailable_retry", String.valueOf(RETRY_AFTER_SECONDS)),
                request,
                List.of(),
                headers);
    }

    private static ResponseEntity<Object> tooLarge(HttpServletRequest request) {
        return problem(ProblemType.PAYLOAD_TOO_LARGE, ProblemMessages.detail("payload_too_large"), request);
    }

    private static ResponseEntity<Object> validation(List<FieldErrorDto> errors, WebRequest request) {
        return problem(
                ProblemType.VALIDATION_ERROR,
                ProblemMessages.detail("validation", errors.size()),
                servlet(request),
                errors,
                HttpHeaders.EMPTY);
    }

    private static ResponseEntity<Object> problem(
            ProblemType type, MessageSourceResolvable detail, HttpServletRequest request) {
        return widen(ProblemFactory.response(type, detail, request));
    }

    private static ResponseEntity<Object> problem(
            ProblemType type,
            MessageSourceResolvable detail,
            HttpServletRequest request,
            List<FieldErrorDto> errors,
            HttpHeaders headers) {
        return widen(ProblemFactory.response(type, detail, request, errors, headers));
    }

    /** ResponseEntityExceptionHandler's hooks answer {@code ResponseEntity<Object>}; the body stays a Problem. */
    @SuppressWarnings("unchecked")
    private static ResponseEntity<Object> widen(ResponseEntity<ProblemDto> response) {
        return (ResponseEntity<Object>) (ResponseEntity<?>) response;
    }

    private static HttpServletRequest servlet(WebRequest request) {
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        if (servlet == null) {
            throw new IllegalStateException("Not a servlet request: " + request);
        }
        return servlet;
    }

    private static String mediaTypes(List<MediaType> types) {
        return types.stream().map(MediaType::toString).collect(Collectors.joining(", "));
    }

    /** Reading the request (e.g. a form body) hit the connector's read timeout or the client went away. */
    private static boolean requestReadTimedOut(Throwable ex) {
        return causedBy(ex, org.apache.catalina.connector.ClientAbortException.class)
                || causedBy(ex, java.net.SocketTimeoutException.class);
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        return cause(ex, type) != null;
    }

    private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
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
