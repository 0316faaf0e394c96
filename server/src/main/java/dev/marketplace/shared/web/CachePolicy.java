package dev.marketplace.shared.web;

/**
 * {@code Cache-Control} values of API reads. Nothing is cached unvalidated: public item data may be stored
 * by any cache but is revalidated (cheaply, with the ETag) before every reuse; account data only by the
 * caller's own cache. Responses without an explicit policy keep Spring Security's {@code no-store}.
 */
public final class CachePolicy {

    /** Public reads (items, version list): store, but revalidate before reuse. */
    public static final String PUBLIC_REVALIDATE = "no-cache";
    /** Account data: the caller's cache only, revalidated before reuse. */
    public static final String PRIVATE_REVALIDATE = "private, no-cache";

    private CachePolicy() {}
}
