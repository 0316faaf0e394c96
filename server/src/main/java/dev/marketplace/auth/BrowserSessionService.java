package dev.marketplace.auth;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.Actor;
import dev.marketplace.shared.security.SecretTokens;
import dev.marketplace.shared.security.SessionAuthenticator;
import dev.marketplace.user.AuthenticatedUser;
import dev.marketplace.user.PasswordChanged;
import dev.marketplace.user.UserDeleted;
import dev.marketplace.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Browser sessions: an opaque cookie plus a CSRF token bound to it; both stored hashed. */
@Service
public class BrowserSessionService implements SessionAuthenticator {

    static final Duration LIFETIME = Duration.ofHours(8);

    private final UserService users;
    private final BrowserSessionRepository sessions;
    private final Clock clock;

    BrowserSessionService(UserService users, BrowserSessionRepository sessions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The raw cookie values of a new session. */
    public record Started(String session, String csrf) {}

    @Transactional
    public Started start(String email, String password) {
        if (email == null || password == null) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "Sign-in needs username and password.");
        }
        AuthenticatedUser user = users.authenticate(email, password)
                .orElseThrow(() -> new ApiException(ProblemType.INVALID_GRANT, "The email or password is wrong."));
        String session = SecretTokens.generate("s_", 32);
        String csrf = SecretTokens.generate("c_", 24);
        Instant now = clock.instant();
        sessions.save(new BrowserSession(
                SecretTokens.hash(session), SecretTokens.hash(csrf), user.id(), now, now.plus(LIFETIME)));
        return new Started(session, csrf);
    }

    @Transactional
    public void end(String session) {
        if (session != null) {
            sessions.findBySessionHash(SecretTokens.hash(session)).ifPresent(s -> s.end(clock.instant()));
        }
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Actor> authenticate(String session) {
        return sessions.findBySessionHash(SecretTokens.hash(session))
                .filter(s -> s.isActive(clock.instant()))
                .flatMap(s -> users.activeRole(s.userId())
                        .map(role -> new Actor(s.userId().toString(), RoleScopes.of(role))));
    }

    @Override
    @Transactional(readOnly = true)
    public boolean csrfMatches(String session, String csrf) {
        return sessions.findBySessionHash(SecretTokens.hash(session))
                .map(s -> SecretTokens.sameHash(s.csrfHash(), SecretTokens.hash(csrf)))
                .orElse(false);
    }

    @EventListener
    void endSessionsOf(UserDeleted event) {
        sessions.endAllOf(event.userId(), clock.instant());
    }

    @EventListener
    void endSessionsOf(PasswordChanged event) {
        sessions.endAllOf(event.userId(), clock.instant());
    }
}
