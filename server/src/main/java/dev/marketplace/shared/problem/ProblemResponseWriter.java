package dev.marketplace.shared.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem straight to the servlet response, for filters that answer before MVC runs. */
@Component
public class ProblemResponseWriter {

    private final JsonMapper jsonMapper;

    ProblemResponseWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        write(request, response, type, ProblemMessages.literal(detail));
    }

    public void write(
            HttpServletRequest request, HttpServletResponse response, ProblemType type, MessageSourceResolvable detail)
            throws IOException {
        Locale locale = ProblemMessages.negotiate(request);
        var problem = ProblemFactory.problem(type, detail, request, request.getRequestURI(), List.of(), locale);
        response.setStatus(type.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage());
        jsonMapper.writeValue(response.getOutputStream(), problem);
    }
}
