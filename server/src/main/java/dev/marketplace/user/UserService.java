package dev.marketplace.user;

import dev.marketplace.api.model.RoleChangeDto;
import dev.marketplace.api.model.UserCreateDto;
import dev.marketplace.api.model.UserDto;
import dev.marketplace.api.model.UserPageDto;
import dev.marketplace.api.model.UserPatchDto;
import dev.marketplace.shared.ExpectedVersion;
import dev.marketplace.shared.paging.KeysetCursor;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemMessages;
import dev.marketplace.shared.problem.ProblemType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts: sign-up, credentials, self-service and administration. */
@Service
public class UserService {

    private static final String SORT = "-created_at";
    /**
     * Compared against when the email is unknown, so a miss costs as much as a wrong password. Made on the first
     * miss, not at start-up: a bcrypt hash on a cold JVM costs hundreds of milliseconds of the time to ready.
     */
    private volatile String dummyHash;

    private final UserRepository accounts;
    private final UserMapper mapper;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UserService(
            UserRepository accounts,
            UserMapper mapper,
            PasswordEncoder passwords,
            ApplicationEventPublisher events,
            Clock clock) {
        this.accounts = accounts;
        this.mapper = mapper;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = passwords.encode(UUID.randomUUID().toString()); // a race makes two; either one serves
            dummyHash = hash;
        }
        return hash;
    }

    @Transactional
    public UserDto signUp(UserCreateDto request) {
        String role = request.getRole() == null ? "buyer" : request.getRole().getValue();
        return mapper.toDto(create(request.getEmail(), request.getPassword(), request.getDisplayName(), role));
    }

    /** Creates an account with any role (sign-up restricts the choice; dev seeding does not). */
    @Transactional
    public UserDto createAccount(String email, String password, String displayName, String role) {
        return mapper.toDto(create(email, password, displayName, role));
    }

    private User create(String email, String password, String displayName, String role) {
        String normalised = email.strip().toLowerCase(Locale.ROOT);
        if (accounts.findByEmail(normalised).isPresent()) {
            throw emailTaken();
        }
        User account = new User(UUID.randomUUID(), normalised, passwords.encode(password), displayName, role, now());
        try {
            return accounts.saveAndFlush(account);
        } catch (DataIntegrityViolationException e) {
            throw emailTaken(); // lost a race with a concurrent sign-up for the same email
        }
    }

    /** Checks an email and password; empty when either is wrong or the account is deleted. */
    @Transactional(readOnly = true)
    public Optional<AuthenticatedUser> authenticate(String email, String password) {
        Optional<User> account = accounts.findByEmail(email.strip()).filter(a -> !a.isDeleted());
        if (account.isEmpty()) {
            passwords.matches(password, dummyHash());
            return Optional.empty();
        }
        return passwords.matches(password, account.get().getPasswordHash())
                ? Optional.of(new AuthenticatedUser(
                        account.get().getId(), account.get().getRole()))
                : Optional.empty();
    }

    /** The id of an active account, by email. */
    @Transactional(readOnly = true)
    public Optional<UUID> idOf(String email) {
        return accounts.findByEmail(email).filter(a -> !a.isDeleted()).map(User::getId);
    }

    /** The current role of an active account (roles can change between token refreshes). */
    @Transactional(readOnly = true)
    public Optional<String> activeRole(UUID id) {
        return accounts.findById(id).filter(a -> !a.isDeleted()).map(User::getRole);
    }

    /** The email of an active account, by token subject; empty for deleted, unknown or external subjects. */
    @Transactional(readOnly = true)
    public Optional<String> activeEmail(String subject) {
        try {
            return Optional.of(accounts.findActive(subject).getEmail());
        } catch (UserNotFoundException e) {
            return Optional.empty();
        }
    }

    @Transactional(readOnly = true)
    public UserDto me(String subject) {
        return mapper.toDto(accounts.findActive(subject));
    }

    /** Merge patch of the caller's account; with a conditional {@code expected} version a stale one is a 412. */
    @Transactional
    public UserDto updateMe(String subject, UserPatchDto patch, ExpectedVersion expected) {
        if (patch.getDisplayName() == null) {
            throw new ApiException(ProblemType.EMPTY_PATCH, ProblemMessages.detail("empty_patch"));
        }
        User account = accounts.findActive(subject);
        if (!expected.matches(account.getVersion())) {
            throw preconditionFailed();
        }
        account.setDisplayName(patch.getDisplayName());
        account.touch(now());
        try {
            return mapper.toDto(accounts.saveAndFlush(account));
        } catch (ObjectOptimisticLockingFailureException e) {
            throw expected.conditional() ? preconditionFailed() : e;
        }
    }

    private static ApiException preconditionFailed() {
        return new ApiException(ProblemType.PRECONDITION_FAILED, ProblemMessages.detail("precondition_failed"));
    }

    @Transactional
    public void deleteMe(String subject) {
        User account = accounts.findActive(subject);
        account.delete(now());
        accounts.saveAndFlush(account);
        events.publishEvent(new UserDeleted(account.getId()));
    }

    @Transactional(readOnly = true)
    public UserPageDto list(int limit, String cursor) {
        Specification<User> spec = (root, query, cb) -> cb.isNull(root.get("deletedAt"));
        if (cursor != null) {
            KeysetCursor after = KeysetCursor.decode(cursor, SORT);
            Instant key = parseInstant(after.key());
            spec = spec.and((root, query, cb) -> cb.or(
                    cb.lessThan(root.get("createdAt"), key),
                    cb.and(cb.equal(root.get("createdAt"), key), cb.lessThan(root.get("id"), after.id()))));
        }
        List<User> rows = accounts.findPage(spec, Sort.by(Sort.Direction.DESC, "createdAt", "id"), limit + 1);
        boolean hasMore = rows.size() > limit;
        List<User> page = hasMore ? rows.subList(0, limit) : rows;
        String next = hasMore
                ? new KeysetCursor(
                                SORT,
                                page.getLast().getCreatedAt().toString(),
                                page.getLast().getId())
                        .encode()
                : null;
        return new UserPageDto(page.stream().map(mapper::toDto).toList(), hasMore, next);
    }

    @Transactional(readOnly = true)
    public UserDto get(UUID id) {
        return mapper.toDto(accounts.findActive(id.toString()));
    }

    @Transactional
    public UserDto changeRole(String adminSubject, UUID id, RoleChangeDto change) {
        if (id.toString().equals(adminSubject)) {
            throw new ApiException(ProblemType.FORBIDDEN, "Admins cannot change their own role.");
        }
        User account = accounts.findActive(id.toString());
        account.setRole(change.getRole().getValue());
        account.touch(now());
        return mapper.toDto(accounts.saveAndFlush(account));
    }

    private static ApiException emailTaken() {
        return new ApiException(ProblemType.EMAIL_TAKEN, "An account with this email exists; sign in instead.");
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ApiException(
                    ProblemType.INVALID_CURSOR, "The cursor is not one this API issued; start again without a cursor.");
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
