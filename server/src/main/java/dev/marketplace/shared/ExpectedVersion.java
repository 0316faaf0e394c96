package dev.marketplace.shared;

import java.util.Set;

/**
 * Which versions of a resource a conditional write accepts (from {@code If-Match}); services compare it
 * with the stored {@code @Version} and refuse a stale write. {@link #ANY} is an unconditional write.
 */
public record ExpectedVersion(boolean conditional, boolean anyVersion, Set<Long> versions) {

    /** No precondition: the write is unconditional (the JPA version still guards against racing writes). */
    public static final ExpectedVersion ANY = new ExpectedVersion(false, true, Set.of());

    public ExpectedVersion {
        versions = Set.copyOf(versions);
    }

    public static ExpectedVersion oneOf(Set<Long> versions) {
        return new ExpectedVersion(true, false, versions);
    }

    /** {@code If-Match: *}: any current version, but the resource must exist. */
    public static ExpectedVersion anyExisting() {
        return new ExpectedVersion(true, true, Set.of());
    }

    public boolean matches(long version) {
        return anyVersion || versions.contains(version);
    }
}
