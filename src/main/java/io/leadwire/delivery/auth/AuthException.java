package io.leadwire.delivery.auth;

import io.leadwire.delivery.ErrorClass;
import java.util.Objects;

/**
 * Authentication could not be applied to a delivery, so nothing was sent to the buyer. The
 * {@link #errorClass() class} decides whether the retry policy tries again: an unreachable token
 * endpoint is transient, refused client credentials or a missing secret are not.
 *
 * <p>Messages are meant for the operator and never carry a secret, a token or a password.
 */
public final class AuthException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorClass errorClass;

    public AuthException(ErrorClass errorClass, String message) {
        this(errorClass, message, null);
    }

    public AuthException(ErrorClass errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    /** Why authentication failed, in the delivery's error classes. */
    public ErrorClass errorClass() {
        return errorClass;
    }
}
