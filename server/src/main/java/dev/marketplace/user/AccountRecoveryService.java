package dev.marketplace.user;

import dev.marketplace.shared.mail.OutgoingMail;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.SecretTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Email verification and password reset by one-time tokens: random, stored as SHA-256, single use,
 * expiring, mailed after commit. A reset request answers the same whether or not the email exists.
 */
@Service
public class AccountRecoveryService {

    static final String VERIFY = "email_verification";
    static final String RESET = "password_reset";
    private static final Duration VERIFY_TTL = Duration.ofHours(24);
    private static final Duration RESET_TTL = Duration.ofHours(1);

    private final UserRepository accounts;
    private final OneTimeTokenRepository tokens;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AccountRecoveryService(
            UserRepository accounts,
            OneTimeTokenRepository tokens,
            PasswordEncoder passwords,
            ApplicationEventPublisher events,
            Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void requestVerification(String subject) {
        User account = accounts.findActive(subject);
        String token = issue(account, VERIFY, "ev_", VERIFY_TTL);
        events.publishEvent(new OutgoingMail(
                account.getEmail(),
                "Confirm your email address",
                "Confirm your address with this one-time token (valid 24 hours):\n\n" + token
                        + "\n\nPOST it to /api/v2/auth/email-verification as {\"token\": \"...\"}."));
    }

    @Transactional(noRollbackFor = ApiException.class)
    public void confirmVerification(String token) {
        User account = redeem(token, VERIFY);
        account.markEmailVerified(now());
        accounts.saveAndFlush(account);
    }

    /** Always succeeds from the caller's point of view: whether the email exists is not revealed. */
    @Transactional
    public void requestReset(String email) {
        accounts.findByEmail(email.strip()).filter(a -> !a.isDeleted()).ifPresent(account -> {
            String token = issue(account, RESET, "pr_", RESET_TTL);
            events.publishEvent(new OutgoingMail(
                    account.getEmail(),
                    "Reset your password",
                    "Someone asked to reset the password of this account. If it was you, use this one-time token"
                            + " (valid 1 hour):\n\n" + token
                            + "\n\nPOST it with your new password to /api/v2/auth/password-reset/confirm."
                            + " If it was not you, ignore this email; nothing changes."));
        });
    }

    @Transactional(noRollbackFor = ApiException.class)
    public void confirmReset(String token, String newPassword) {
        User account = redeem(token, RESET);
        account.changePassword(passwords.encode(newPassword), now());
        accounts.saveAndFlush(account);
        events.publishEvent(new PasswordChanged(account.getId()));
    }

    private String issue(User account, String purpose, String prefix, Duration ttl) {
        String token = SecretTokens.generate(prefix, 32);
        Instant now = now();
        tokens.save(new OneTimeToken(account.getId(), purpose, SecretTokens.hash(token), now, now.plus(ttl)));
        return token;
    }

    private User redeem(String token, String purpose) {
        OneTimeToken stored = tokens.findForUpdate(SecretTokens.hash(token))
                .filter(t -> t.redeem(purpose, now()))
                .orElseThrow(AccountRecoveryService::invalid);
        return accounts.findById(stored.userId())
                .filter(a -> !a.isDeleted())
                .orElseThrow(AccountRecoveryService::invalid);
    }

    private static ApiException invalid() {
        return new ApiException(
                ProblemType.INVALID_TOKEN, "The token is unknown, expired or already used; request a new email.");
    }

    private Instant now() {
        return clock.instant();
    }
}
