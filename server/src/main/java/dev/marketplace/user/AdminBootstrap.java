package dev.marketplace.user;

import dev.marketplace.api.model.UserCreateDto;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first admin of a production deployment, without SQL: when {@code MARKETPLACE_BOOTSTRAP_ADMIN_EMAIL} is set and
 * <em>no active admin exists</em>, creates one at start-up (before the server accepts traffic) with that email and the
 * password from {@code MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD_FILE} (or {@code …_PASSWORD}). Safe to leave configured:
 *
 * <ul>
 *   <li>Once any admin exists nothing happens — a changed email or password, or a deleted password file, is ignored
 *       (the password is not even read).</li>
 *   <li>Instances starting together serialise on a PostgreSQL advisory lock held by the transaction that checks and
 *       creates, so exactly one admin is made, even when their settings differ.</li>
 *   <li>The password must pass sign-up's rules (the spec's {@code UserCreate}, checked with the same validator); a
 *       weak or missing one stops the start-up while no admin exists, with a message that never contains it.</li>
 *   <li>It never takes over an account: an email that already belongs to one is logged as an error and nothing
 *       changes.</li>
 * </ul>
 * If every admin is later removed, the next start with the setting in place makes the configured admin again (a
 * recovery path; remove the setting or the secret if that is not wanted).
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    /** pg_advisory_xact_lock key, shared by every instance: "mpadmin" + 1. */
    static final long LOCK_KEY = 0x6d7061646d696e01L;

    static final String ADMIN = "admin";

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    enum Outcome {
        CREATED,
        ADMIN_EXISTS,
        EMAIL_TAKEN
    }

    private final BootstrapAdminProperties properties;
    private final UserRepository accounts;
    private final UserService users;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Validator validator;

    AdminBootstrap(
            BootstrapAdminProperties properties,
            UserRepository accounts,
            UserService users,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            Validator validator) {
        this.properties = properties;
        this.accounts = accounts;
        this.users = users;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.validator = validator;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (properties.configured()) {
            bootstrap(properties.email().strip(), properties.displayName(), properties::resolvePassword);
        }
    }

    /** Creates the admin unless one exists; {@code password} is asked for only when an admin is about to be created. */
    Outcome bootstrap(String email, String displayName, Supplier<String> password) {
        return transactions.execute(status -> {
            // Held until this transaction ends: a second instance waits here, then sees the admin this one made.
            jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> null, LOCK_KEY);
            if (accounts.existsByRoleAndDeletedAtIsNull(ADMIN)) {
                log.info(
                        "An admin exists; the bootstrap admin setting (MARKETPLACE_BOOTSTRAP_ADMIN_EMAIL) changes nothing");
                return Outcome.ADMIN_EXISTS;
            }
            String secret = password.get();
            refuseUnlessSignUpWouldAccept(email, secret, displayName);
            if (accounts.findByEmail(email.toLowerCase(Locale.ROOT)).isPresent()) {
                log.error(
                        "No admin exists, but the bootstrap admin email {} belongs to an existing account, which is not "
                                + "taken over: choose another MARKETPLACE_BOOTSTRAP_ADMIN_EMAIL. No admin was created.",
                        email);
                return Outcome.EMAIL_TAKEN;
            }
            users.createAccount(email, secret, displayName, ADMIN);
            log.info("Created the first admin {} from MARKETPLACE_BOOTSTRAP_ADMIN_EMAIL (no admin existed)", email);
            return Outcome.CREATED;
        });
    }

    private void refuseUnlessSignUpWouldAccept(String email, String password, String displayName) {
        Set<ConstraintViolation<UserCreateDto>> violations = validator.validate(
                new UserCreateDto().email(email).password(password).displayName(displayName));
        if (!violations.isEmpty()) {
            // The property path and the rule, never the rejected value.
            String reasons = violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .collect(Collectors.joining("; "));
            throw new BootstrapAdminException(
                    "The bootstrap admin (MARKETPLACE_BOOTSTRAP_ADMIN_*) does not pass the sign-up rules: " + reasons
                            + ". No admin was created.");
        }
    }
}
