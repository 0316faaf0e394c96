package dev.marketplace.shared.security;

import dev.marketplace.shared.web.PathPrefix;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every path a request may reach — the spec's operations, then {@link InfrastructurePaths} — with who may call each
 * method, resolved <b>once per request</b>: {@link SpecRoutingFilter} matches the request's path against the table
 * and keeps the result on the request; authorization ({@link #authorization()}) reads it back. Before this, routing
 * and authorization matched the path against the same patterns separately, one Spring Security matcher per method and
 * path (about 4% of a GET's CPU, profiled for issue 11).
 *
 * <p>Order and meaning are those of the rules they replace: spec paths in {@link SpecSecurityRules#PRECEDENCE}
 * order, then infrastructure entries in their order; the first route that matches the path <em>and</em> declares
 * the method decides (a spec {@code GET} answers {@code HEAD} with the same rule); {@code OPTIONS} on a known path
 * is let through (MVC answers it with {@code Allow}); anything else is denied.
 */
public final class SpecRoutes {

    /** Request attribute holding the {@link Resolution} of the current request. */
    static final String ATTRIBUTE = SpecRoutes.class.getName() + ".resolution";

    /** Who may call one method of a route. */
    sealed interface Access {
        boolean granted(@Nullable Authentication authentication);
    }

    private record Public() implements Access {
        @Override
        public boolean granted(@Nullable Authentication authentication) {
            return true;
        }
    }

    private record SignedIn() implements Access {
        @Override
        public boolean granted(@Nullable Authentication authentication) {
            return signedIn(authentication);
        }
    }

    /** Granted when the caller holds every scope of at least one requirement. */
    private record Scopes(List<Set<String>> requirements) implements Access {
        @Override
        public boolean granted(@Nullable Authentication authentication) {
            if (!signedIn(authentication)) {
                return false;
            }
            Set<String> held = new java.util.HashSet<>();
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                held.add(authority.getAuthority());
            }
            for (Set<String> required : requirements) {
                if (required.stream().allMatch(scope -> held.contains("SCOPE_" + scope))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean signedIn(@Nullable Authentication authentication) {
        return authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }

    /** One path template and, per method it answers, who may call it. */
    record Route(String template, PathPattern pattern, String prefix, Map<HttpMethod, Access> access) {}

    /** The routes whose pattern matches the request's path, in precedence order (empty: an unknown path). */
    record Resolution(List<Route> routes) {

        boolean known() {
            return !routes.isEmpty();
        }

        /** Every method any matching route answers (a route answering GET answers HEAD too). */
        Set<HttpMethod> allowed() {
            Set<HttpMethod> allowed = new LinkedHashSet<>();
            routes.forEach(route -> allowed.addAll(route.access().keySet()));
            if (allowed.contains(HttpMethod.GET)) {
                allowed.add(HttpMethod.HEAD);
            }
            return allowed;
        }

        /** The access of the first route declaring the method, or null. */
        @Nullable
        Access access(HttpMethod method) {
            for (Route route : routes) {
                Access access = route.access().get(method);
                if (access != null) {
                    return access;
                }
            }
            return null;
        }
    }

    private static final Access PUBLIC = new Public();
    private static final Access SIGNED_IN = new SignedIn();
    private static final Access ADMIN = new Scopes(List.of(Set.of(Actor.ADMIN_SCOPE)));

    private final List<Route> routes;

    SpecRoutes(SpecSecurityRules rules, List<InfrastructurePaths.Entry> infrastructure) {
        Map<String, Map<HttpMethod, Access>> byPath = new java.util.LinkedHashMap<>();
        for (SpecSecurityRules.Rule rule : rules.rules()) {
            Access access = rule.isPublic() ? PUBLIC : new Scopes(rule.requirements());
            Map<HttpMethod, Access> methods = byPath.computeIfAbsent(rule.path(), p -> new java.util.LinkedHashMap<>());
            methods.putIfAbsent(rule.method(), access);
            if (rule.method().equals(HttpMethod.GET)) {
                methods.putIfAbsent(HttpMethod.HEAD, access);
            }
        }
        List<Route> all = new ArrayList<>();
        byPath.forEach((path, methods) -> all.add(route(path, methods)));
        for (InfrastructurePaths.Entry entry : infrastructure) {
            Access access = switch (entry.access()) {
                case PUBLIC -> PUBLIC;
                case SIGNED_IN -> SIGNED_IN;
                case ADMIN -> ADMIN;
            };
            Map<HttpMethod, Access> methods = new java.util.LinkedHashMap<>();
            entry.methods().stream().sorted().forEach(method -> methods.put(method, access));
            all.add(route(entry.pattern(), methods));
        }
        this.routes = List.copyOf(all);
    }

    private static Route route(String template, Map<HttpMethod, Access> methods) {
        return new Route(
                template,
                PathPatternParser.defaultInstance.parse(template),
                PathPrefix.of(template),
                Map.copyOf(methods));
    }

    /** Matches the request's path (within the application) against every route, once; the result is kept on the request. */
    Resolution resolve(HttpServletRequest request) {
        PathContainer path = pathWithinApplication(request);
        String raw = path.value();
        List<Route> matched = new ArrayList<>(2);
        for (Route route : routes) {
            if (PathPrefix.mayMatch(route.prefix(), raw) && route.pattern().matches(path)) {
                matched.add(route);
            }
        }
        Resolution resolution = new Resolution(matched);
        request.setAttribute(ATTRIBUTE, resolution);
        return resolution;
    }

    private static PathContainer pathWithinApplication(HttpServletRequest request) {
        if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
            return ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication();
        }
        RequestPath path = ServletRequestPathUtils.parseAndCache(request);
        ServletRequestPathUtils.clearParsedRequestPath(request);
        return path.pathWithinApplication();
    }

    /** Authorization from the request's resolution (resolved here if routing did not run, e.g. an error dispatch). */
    AuthorizationManager<RequestAuthorizationContext> authorization() {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(
                    Supplier<? extends @Nullable Authentication> authentication, RequestAuthorizationContext context) {
                HttpServletRequest request = context.getRequest();
                Resolution resolution = request.getAttribute(ATTRIBUTE) instanceof Resolution r ? r : resolve(request);
                HttpMethod method = HttpMethod.valueOf(request.getMethod());
                Access access = resolution.access(method);
                if (access != null) {
                    return new AuthorizationDecision(access.granted(authentication.get()));
                }
                // OPTIONS reaches only known paths and answers just Allow; whatever no route grants is denied.
                return new AuthorizationDecision(HttpMethod.OPTIONS.equals(method) && resolution.known());
            }
        };
    }
}
