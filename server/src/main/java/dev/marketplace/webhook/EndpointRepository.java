package dev.marketplace.webhook;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

interface EndpointRepository extends Repository<Endpoint, UUID> {

    Endpoint saveAndFlush(Endpoint endpoint);

    Optional<Endpoint> findByIdAndOwnerId(UUID id, String ownerId);

    Optional<Endpoint> findById(UUID id);

    List<Endpoint> findTop20ByOwnerIdOrderByCreatedAtDesc(String ownerId);

    long countByOwnerId(String ownerId);

    void delete(Endpoint endpoint);
}
