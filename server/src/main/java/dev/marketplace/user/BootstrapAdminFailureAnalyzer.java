package dev.marketplace.user;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** (Public for SpringFactoriesLoader.) A refused bootstrap admin is a configuration error: a short "APPLICATION FAILED TO START" report, no stack trace. */
public class BootstrapAdminFailureAnalyzer extends AbstractFailureAnalyzer<BootstrapAdminException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BootstrapAdminException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix MARKETPLACE_BOOTSTRAP_ADMIN_EMAIL and its password (MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD_FILE or "
                        + "MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD, at least 12 characters as at sign-up), or unset "
                        + "MARKETPLACE_BOOTSTRAP_ADMIN_EMAIL. See the README, \"First admin\".",
                cause);
    }
}
