package dev.marketplace.user;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Dev-only accounts with documented credentials (README), so a fresh run can get tokens at once.
 * Never active outside the {@code dev} profile. Seeded before the server accepts traffic.
 */
@Component
@Profile("dev")
public class DevAccounts implements SmartInitializingSingleton {

    static final String ADMIN_EMAIL = "admin@marketplace.dev";
    public static final String SELLER_EMAIL = "seller@marketplace.dev";
    static final String BUYER_EMAIL = "buyer@marketplace.dev";
    static final String PARTNER_EMAIL = "partner@marketplace.dev";
    static final String PASSWORD = "dev-password-change-me";

    private static final Logger log = LoggerFactory.getLogger(DevAccounts.class);

    private final UserService users;
    private final UserRepository accounts;

    DevAccounts(UserService users, UserRepository accounts) {
        this.users = users;
        this.accounts = accounts;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ensureSeeded();
    }

    /** Creates the dev accounts unless accounts exist already (idempotent). */
    public synchronized void ensureSeeded() {
        if (accounts.count() > 0) {
            return;
        }
        users.createAccount(ADMIN_EMAIL, PASSWORD, "Dev Admin", "admin");
        users.createAccount(SELLER_EMAIL, PASSWORD, "Dev Seller", "seller");
        users.createAccount(BUYER_EMAIL, PASSWORD, "Dev Buyer", "buyer");
        users.createAccount(PARTNER_EMAIL, PASSWORD, "Dev Partner", "partner");
        log.info(
                "Seeded dev accounts {}, {}, {}, {} (dev profile only; password in the README)",
                ADMIN_EMAIL,
                SELLER_EMAIL,
                BUYER_EMAIL,
                PARTNER_EMAIL);
    }
}
