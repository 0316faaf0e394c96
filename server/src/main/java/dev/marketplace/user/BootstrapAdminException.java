package dev.marketplace.user;

/** The bootstrap admin setting cannot be used while no admin exists; the message never contains the password. */
class BootstrapAdminException extends IllegalStateException {

    BootstrapAdminException(String message) {
        super(message);
    }
}
