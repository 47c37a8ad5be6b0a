package com.jarvis.ingress.session;

import java.util.Optional;
import java.util.UUID;

/** Reads a session id as clients send it: the canonical 36-character UUID form, nothing looser. */
public final class SessionIds {
    private SessionIds() {
    }

    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Malformed ids name no session: they answer "not found" exactly like unknown ones. */
    public static UUID parseOrNotFound(String text) {
        return parse(text).orElseThrow(SessionService::notFound);
    }
}
