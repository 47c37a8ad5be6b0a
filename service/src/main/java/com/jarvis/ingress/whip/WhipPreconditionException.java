package com.jarvis.ingress.whip;

/**
 * A PATCH whose {@code If-Match} does not fit the resource's ICE session (RFC 9725 section 4.3.1, RFC 9110 section
 * 13.1.1): {@code required} true without one (428), false when it names another ICE session (412).
 */
public final class WhipPreconditionException extends RuntimeException {
    private final boolean required;

    WhipPreconditionException(boolean required, String message) {
        super(message, null, false, false);
        this.required = required;
    }

    public boolean required() {
        return required;
    }
}
