package dev.marketplace.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin of a deployment ({@code marketplace.bootstrap-admin.*}, README "First admin"). Acts only while no
 * active admin exists; see {@link AdminBootstrap}.
 *
 * @param email        {@code MARKETPLACE_BOOTSTRAP_ADMIN_EMAIL}; unset (the default) = no bootstrap
 * @param passwordFile {@code MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD_FILE}: a file holding the password (a Docker or
 *                     Kubernetes secret); one trailing line break is ignored. Preferred over {@code password}
 * @param password     {@code MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD}: the password itself (visible in the process
 *                     environment; use the file where you can). Set one of the two, not both
 * @param displayName  {@code MARKETPLACE_BOOTSTRAP_ADMIN_DISPLAY_NAME}
 */
@ConfigurationProperties("marketplace.bootstrap-admin")
record BootstrapAdminProperties(
        String email,
        Path passwordFile,
        String password,
        @DefaultValue("Administrator") String displayName) {

    boolean configured() {
        return email != null && !email.isBlank();
    }

    /** The configured password; read only when an admin is about to be created. */
    String resolvePassword() {
        boolean hasFile = passwordFile != null && !passwordFile.toString().isBlank();
        boolean hasValue = password != null && !password.isEmpty();
        if (hasFile && hasValue) {
            throw new BootstrapAdminException(
                    "Set either MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD_FILE or MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD, "
                            + "not both.");
        }
        if (hasValue) {
            return password;
        }
        if (!hasFile) {
            throw new BootstrapAdminException(
                    "MARKETPLACE_BOOTSTRAP_ADMIN_EMAIL is set but no password: set "
                            + "MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD_FILE (a file holding it) or MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD.");
        }
        try {
            String content = Files.readString(passwordFile);
            return content.endsWith("\r\n")
                    ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            throw new BootstrapAdminException("Cannot read the bootstrap admin password file " + passwordFile + " ("
                    + e.getClass().getSimpleName() + ").");
        }
    }

    @Override
    public String toString() {
        return "BootstrapAdminProperties[email=" + email + ", passwordFile=" + passwordFile + ", password="
                + (password == null ? "null" : "******") + ", displayName=" + displayName + "]";
    }
}
