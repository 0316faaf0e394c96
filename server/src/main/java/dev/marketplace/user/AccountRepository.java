package dev.marketplace.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface AccountRepository extends Repository<Account, UUID>, JpaSpecificationExecutor<Account> {

    Optional<Account> findById(UUID id);

    @Query("select a from Account a where lower(a.email) = lower(:email)")
    Optional<Account> findByEmail(String email);

    Account saveAndFlush(Account account);

    long count();

    default List<Account> findPage(Specification<Account> spec, Sort sort, int limit) {
        return findBy(spec, q -> q.sortBy(sort).limit(limit).all());
    }
}
