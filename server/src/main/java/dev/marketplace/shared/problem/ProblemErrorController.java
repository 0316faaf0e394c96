package dev.marketplace.shared.problem;

import dev.marketplace.api.model.ProblemDto;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (raised by the servlet container or a filter) still answer as
 * problems, whatever the {@code Accept} header says. Replaces Boot's whitelabel/JSON error page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDto> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        ProblemType type = ProblemType.forStatus(status);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        java.util.Locale locale = ProblemMessages.negotiate(request);
        ProblemDto body = ProblemFactory.problem(
                type,
                ProblemMessages.standard(type),
                request,
                uri == null ? request.getRequestURI() : uri.toString(),
                List.of(),
                locale);
        body.setStatus(status);
        return ResponseEntity.status(status)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }
}
