package dev.marketplace.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * MVC's handler lookup, narrowed by path first. For a path with a variable ({@code /api/v2/items/{item_id}}) MVC
 * evaluates every mapping's full condition — method, params, headers, consumes, produces (media types against
 * {@code Accept}), then the path — for each of the application's ~100 mappings: 9% of a GET's CPU (profiled for
 * issue 11). Here the distinct path patterns are matched first (a few literal comparisons each), and only the
 * mappings of the patterns that match are evaluated in full and ranked the way MVC ranks them. Whenever that does
 * not give exactly one best mapping — no candidate matches (a 405, 406 or 415 to explain), a tie, a CORS preflight —
 * MVC's own lookup runs, so errors and edge cases are MVC's, unchanged.
 */
class PathIndexedHandlerMapping extends RequestMappingHandlerMapping {

    private record Candidate(RequestMappingInfo info, HandlerMethod handler) {}

    private record Group(PathPattern pattern, String prefix, List<Candidate> candidates) {}

    private volatile @Nullable List<Group> groups;

    @Override
    public void afterPropertiesSet() {
        super.afterPropertiesSet();
        index();
    }

    @Override
    public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
        super.registerMapping(mapping, handler, method);
        index();
    }

    @Override
    public void unregisterMapping(RequestMappingInfo mapping) {
        super.unregisterMapping(mapping);
        index();
    }

    private void index() {
        Map<String, Group> byPattern = new LinkedHashMap<>();
        boolean complete = true;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                getHandlerMethods().entrySet()) {
            PathPatternsRequestCondition paths = entry.getKey().getPathPatternsCondition();
            if (paths == null || paths.isEmptyPathMapping()) {
                complete = false; // not indexable by path: MVC's own lookup for everything
                break;
            }
            for (PathPattern pattern : paths.getPatterns()) {
                byPattern
                        .computeIfAbsent(
                                pattern.getPatternString(),
                                p -> new Group(pattern, PathPrefix.of(p), new ArrayList<>()))
                        .candidates()
                        .add(new Candidate(entry.getKey(), entry.getValue()));
            }
        }
        this.groups = complete ? List.copyOf(byPattern.values()) : null;
    }

    @Override
    protected @Nullable HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
            throws Exception {
        List<Group> index = this.groups;
        if (index == null
                || !ServletRequestPathUtils.hasParsedRequestPath(request)
                || CorsUtils.isPreFlightRequest(request)) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        PathContainer path =
                ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication();
        String raw = path.value();
        RequestMappingInfo best = null;
        HandlerMethod bestHandler = null;
        boolean tie = false;
        for (Group group : index) {
            if (!PathPrefix.mayMatch(group.prefix(), raw) || !group.pattern().matches(path)) {
                continue;
            }
            for (Candidate candidate : group.candidates()) {
                RequestMappingInfo match = getMatchingMapping(candidate.info(), request);
                if (match == null) {
                    continue;
                }
                int order = best == null ? -1 : match.compareTo(best, request);
                if (order < 0) {
                    best = match;
                    bestHandler = candidate.handler();
                    tie = false;
                } else if (order == 0 && candidate.handler() != bestHandler) {
                    tie = true;
                }
            }
        }
        if (best == null || tie) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, bestHandler);
        handleMatch(best, lookupPath, request);
        return bestHandler;
    }
}
