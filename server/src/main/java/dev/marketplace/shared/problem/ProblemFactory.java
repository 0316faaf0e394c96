package dev.marketplace.shared.problem;

import dev.marketplace.api.model.FieldError;
import dev.marketplace.api.model.Problem;
import dev.marketplace.shared.tracing.TraceIds;
import dev.marketplace.shared.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Builds problem responses; the only place that knows their shape. */
public final class ProblemFactory {

    private static final int MAX_ERRORS = 100;

    private ProblemFactory() {
    }

    /** A problem for the work at hand; {@code trace_id} is the current span's trace, if any. */
    public static Problem problem(ProblemType type, String detail, String instance, String requestId, List<FieldError> errors) {
        Problem problem = new Problem(type.uri(), type.title(), type.status().value(), type.code(), requestId);
        problem.setTraceId(TraceIds.current().orElse(null));
        problem.setDetail(detail);
        problem.setInstance(instance);
        problem.setErrors(errors.isEmpty() ? null : List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_ERRORS))));
        return problem;
    }

    /** A problem about this request: its request id and trace id (also on an error dispatch, after the span closed). */
    public static Problem problem(ProblemType type, String detail, HttpServletRequest request, String instance,
            List<FieldError> errors) {
        Problem problem = problem(type, detail, instance, RequestIdFilter.requestId(request), errors);
        problem.setTraceId(TraceIds.of(request).orElse(null));
        return problem;
    }

    public static ResponseEntity<Problem> response(ProblemType type, String detail, HttpServletRequest request,
            List<FieldError> errors, HttpHeaders headers) {
        Problem body = problem(type, detail, request, request.getRequestURI(), errors);
        // The content type is preset, so it is sent even when Accept asked for something else (406).
        return ResponseEntity.status(type.status())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    public static ResponseEntity<Problem> response(ProblemType type, String detail, HttpServletRequest request) {
        return response(type, detail, request, List.of(), HttpHeaders.EMPTY);
    }
}
