package dev.marketplace.shared.problem;

import dev.marketplace.api.model.FieldError;
import dev.marketplace.api.model.Problem;
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

    public static Problem problem(ProblemType type, String detail, String instance, String requestId, List<FieldError> errors) {
        Problem problem = new Problem(type.uri(), type.title(), type.status().value(), type.code(), requestId);
        problem.setDetail(detail);
        problem.setInstance(instance);
        problem.setErrors(errors.isEmpty() ? null : List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_ERRORS))));
        return problem;
    }

    public static ResponseEntity<Problem> response(ProblemType type, String detail, HttpServletRequest request,
            List<FieldError> errors, HttpHeaders headers) {
        Problem body = problem(type, detail, request.getRequestURI(), RequestIdFilter.requestId(request), errors);
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
