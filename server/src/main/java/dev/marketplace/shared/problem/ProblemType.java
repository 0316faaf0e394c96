package dev.marketplace.shared.problem;

import org.springframework.http.HttpStatus;

/**
 * The problem classes this API answers with. The {@code type} URI and {@code code} are stable within a
 * major version: clients switch on them. Titles here are the English defaults; the texts clients see come
 * from {@code messages*.properties} in the negotiated language ({@link ProblemMessages}).
 */
public enum ProblemType {
    VALIDATION_ERROR(HttpStatus.BAD_REQUEST, "validation_error", "Your request is not valid."),
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed_request", "The request body could not be read."),
    EMPTY_PATCH(HttpStatus.BAD_REQUEST, "empty_patch", "The patch changes nothing."),
    INVALID_CURSOR(HttpStatus.BAD_REQUEST, "invalid_cursor", "The cursor is not valid."),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad_request", "The request is not valid."),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid_request", "The token request is not valid."),
    INVALID_GRANT(HttpStatus.BAD_REQUEST, "invalid_grant", "The grant is not valid."),
    UNSUPPORTED_GRANT_TYPE(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "The grant type is not supported."),
    INVALID_TOKEN(HttpStatus.BAD_REQUEST, "invalid_token", "The token is not valid."),
    INVALID_SCOPE(HttpStatus.BAD_REQUEST, "invalid_scope", "The requested scope is not allowed."),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication is required."),
    INSUFFICIENT_SCOPE(HttpStatus.FORBIDDEN, "insufficient_scope", "You are not allowed to do this.", "forbidden"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this."),
    CSRF_INVALID(HttpStatus.FORBIDDEN, "csrf_invalid", "The CSRF token is missing or wrong.", "forbidden"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not_found", "The resource was not found."),
    USER_NOT_FOUND(HttpStatus.NOT_FOUND, "user_not_found", "The resource was not found.", "not-found"),
    ITEM_NOT_FOUND(HttpStatus.NOT_FOUND, "item_not_found", "The resource was not found.", "not-found"),
    IMAGE_NOT_FOUND(HttpStatus.NOT_FOUND, "image_not_found", "The resource was not found.", "not-found"),
    METHOD_NOT_ALLOWED(
            HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "The method is not allowed on this resource."),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "The requested media type cannot be produced."),
    EMAIL_TAKEN(HttpStatus.CONFLICT, "email_taken", "The email is already registered."),
    CONFLICT(HttpStatus.CONFLICT, "concurrent_modification", "The resource was changed concurrently.", "conflict"),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "precondition_failed", "The resource has changed."),
    IMAGE_LIMIT_REACHED(HttpStatus.CONFLICT, "image_limit_reached", "The item has too many images."),
    WEBHOOK_ENDPOINT_LIMIT(
            HttpStatus.CONFLICT,
            "webhook_endpoint_limit",
            "You have as many webhook endpoints as allowed.",
            "conflict"),
    WEBHOOK_ENDPOINT_DISABLED(
            HttpStatus.CONFLICT, "webhook_endpoint_disabled", "The webhook endpoint is disabled.", "conflict"),
    DELIVERY_IN_PROGRESS(
            HttpStatus.CONFLICT, "delivery_in_progress", "The delivery is being attempted right now.", "conflict"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "The request body is too large."),
    URI_TOO_LONG(HttpStatus.URI_TOO_LONG, "uri_too_long", "The request URI is too long."),
    UNSUPPORTED_MEDIA_TYPE(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "The request body's media type is not supported."),
    UNSUPPORTED_IMAGE_TYPE(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_image_type",
            "The image format is not supported.",
            "unsupported-media-type"),
    RANGE_NOT_SATISFIABLE(
            HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range_not_satisfiable", "The range cannot be served."),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests."),
    TOO_MANY_EXPORTS(
            HttpStatus.TOO_MANY_REQUESTS, "too_many_exports", "Too many exports at once.", "too-many-requests"),
    HEADERS_TOO_LARGE(
            HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large", "The request headers are too large."),
    SERVICE_UNAVAILABLE(
            HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", "The service is temporarily unavailable."),
    // Orders, idempotency and payments.
    ORDER_NOT_FOUND(HttpStatus.NOT_FOUND, "order_not_found", "The resource was not found.", "not-found"),
    OUT_OF_STOCK(HttpStatus.CONFLICT, "out_of_stock", "An item is out of stock."),
    ILLEGAL_TRANSITION(HttpStatus.CONFLICT, "illegal_transition", "The order cannot move to this status."),
    IDEMPOTENCY_KEY_IN_PROGRESS(
            HttpStatus.CONFLICT, "idempotency_key_in_progress", "A request with this idempotency key is in progress."),
    IDEMPOTENCY_KEY_REUSED(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "idempotency_key_reused",
            "The idempotency key was used for a different request."),
    ITEM_UNAVAILABLE(HttpStatus.UNPROCESSABLE_CONTENT, "item_unavailable", "An item cannot be ordered."),
    OWN_ITEM(HttpStatus.UNPROCESSABLE_CONTENT, "own_item", "You cannot order your own item."),
    CURRENCY_MISMATCH(
            HttpStatus.UNPROCESSABLE_CONTENT, "currency_mismatch", "The items are priced in different currencies."),
    INVALID_SIGNATURE(HttpStatus.UNAUTHORIZED, "invalid_signature", "The webhook signature is not valid."),
    UNKNOWN_ORDER(HttpStatus.UNPROCESSABLE_CONTENT, "unknown_order", "The event names an order that does not exist."),
    PAYMENT_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "payment_mismatch", "The payment does not match the order."),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "An unexpected error occurred.");

    /** Base of every problem {@code type} URI. */
    public static final String BASE_URI = "https://api.marketplace.example/problems/";

    private final HttpStatus status;
    private final String code;
    private final String title;
    private final String slug;

    ProblemType(HttpStatus status, String code, String title) {
        this(status, code, title, null);
    }

    /** @param slug the last segment of the type URI when several codes share one problem class */
    ProblemType(HttpStatus status, String code, String title, String slug) {
        this.status = status;
        this.code = code;
        this.title = title;
        this.slug =
                slug != null ? slug : name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return BASE_URI + slug;
    }

    /** The generic problem class for an HTTP status the server produced outside a handler. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 416 -> RANGE_NOT_SATISFIABLE;
            case 429 -> TOO_MANY_REQUESTS;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL_ERROR;
        };
    }
}
