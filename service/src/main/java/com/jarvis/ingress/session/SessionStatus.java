package com.jarvis.ingress.session;

import java.util.Locale;

/** pending -> active -> ended | expired. Ended and expired sessions stay as history. */
public enum SessionStatus {
    PENDING, ACTIVE, ENDED, EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isOpen() {
        return this == PENDING || this == ACTIVE;
    }

    public static SessionStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
