package dev.marketplace.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface UserRepository extends Repository<User, UUID>, JpaSpecificationExecutor<User> {

    Optional<User> findById(UUID id);

    @Query("select u from User u where lower(u.email) = lower(:email)")
    Optional<User> findByEmail(String email);

    User saveAndFlush(User account);

    /** The account a token subject names, unless deleted; 404 for unknown ids and non-UUID (external) subjects. */
    default User findActive(String subject) {
        UUID id;
        try {
            id = UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            throw new UserNotFoundException(subject); // e.g. a subject from an external identity provider
        }
        return findById(id).filter(a -> !a.isDeleted()).orElseThrow(() -> new UserNotFoundException(subject));
    }

    long count();

    /** Whether an active account with this role exists (the admin bootstrap asks for {@code admin}). */
    boolean existsByRoleAndDeletedAtIsNull(String role);

    default List<User> findPage(Specification<User> spec, Sort sort, int limit) {
        return findBy(spec, q -> q.sortBy(sort).limit(limit).all());
    }
}
