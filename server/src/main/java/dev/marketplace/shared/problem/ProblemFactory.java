package dev.marketplace.shared.problem;

import dev.marketplace.api.model.FieldErrorDto;
import dev.marketplace.api.model.ProblemDto;
import dev.marketplace.shared.context.RequestIds;
import dev.marketplace.shared.context.TraceIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Builds problem responses; the only place that knows their shape (and their language). */
public final class ProblemFactory {

    private static final int MAX_ERRORS = 100;

    private ProblemFactory() {}

    /** A problem for the work at hand; {@code trace_id} is the current span's trace, if any. */
    public static ProblemDto problem(
            ProblemType type,
            MessageSourceResolvable detail,
            String instance,
            String requestId,
            List<FieldErrorDto> errors,
            Locale locale) {
        ProblemDto problem = new ProblemDto(
                type.uri(), ProblemMessages.title(type, locale), type.status().value(), type.code(), requestId);
        problem.setTraceId(TraceIds.current().orElse(null));
        problem.setDetail(ProblemMessages.detail(type, detail, locale));
        problem.setInstance(instance);
        problem.setErrors(
                errors.isEmpty() ? null : List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_ERRORS))));
        return problem;
    }

    /**
     * A problem about this request, in the language it asked for ({@code Accept-Language}), with its request
     * id and trace id (also on an error dispatch, after the span closed).
     */
    public static ProblemDto problem(
            ProblemType type,
            MessageSourceResolvable detail,
            HttpServletRequest request,
            String instance,
            List<FieldErrorDto> errors,
            Locale locale) {
        ProblemDto problem = problem(type, detail, instance, RequestIds.of(request), errors, locale);
        problem.setTraceId(TraceIds.of(request).orElse(null));
        return problem;
    }

    /** A problem with a literal English detail (kept for callers written before problems were translated). */
    public static ProblemDto problem(
            ProblemType type, String detail, String instance, String requestId, List<FieldErrorDto> errors) {
        return problem(type, ProblemMessages.literal(detail), instance, requestId, errors, ProblemMessages.ENGLISH);
    }

    public static ProblemDto problem(
            ProblemType type,
            MessageSourceResolvable detail,
            HttpServletRequest request,
            String instance,
            List<FieldErrorDto> errors) {
        return problem(type, detail, request, instance, errors, ProblemMessages.negotiate(request));
    }

    public static ResponseEntity<ProblemDto> response(
            ProblemType type,
            MessageSourceResolvable detail,
            HttpServletRequest request,
            List<FieldErrorDto> errors,
            HttpHeaders headers) {
        Locale locale = ProblemMessages.negotiate(request);
        ProblemDto body = problem(type, detail, request, request.getRequestURI(), errors, locale);
        // The content type is preset, so it is sent even when Accept asked for something else (406).
        return ResponseEntity.status(type.status())
                .headers(headers)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    public static ResponseEntity<ProblemDto> response(
            ProblemType type,
            String detail,
            HttpServletRequest request,
            List<FieldErrorDto> errors,
            HttpHeaders headers) {
        return response(type, ProblemMessages.literal(detail), request, errors, headers);
    }

    public static ResponseEntity<ProblemDto> response(
            ProblemType type, MessageSourceResolvable detail, HttpServletRequest request) {
        return response(type, detail, request, List.of(), HttpHeaders.EMPTY);
    }

    public static ResponseEntity<ProblemDto> response(ProblemType type, String detail, HttpServletRequest request) {
        return response(type, ProblemMessages.literal(detail), request, List.of(), HttpHeaders.EMPTY);
    }
}
