package com.jarvis.ingress.auth;

import java.util.Optional;
import java.util.UUID;

/**
 * What is true of a token family whoever asks: whose login it is (user and device) and whether it is still live.
 * This, not a bare "active"/"revoked", is what the cache holds, so a token naming someone else's family can
 * neither read nor poison another user's cached state.
 */
record TokenFamilyState(UUID userId, UUID deviceId, boolean active) {

    /** Whether a token naming this user and device may use the family. */
    boolean admits(TokenClaims claims) {
        return active && userId.equals(claims.userId()) && deviceId.equals(claims.deviceId());
    }

    boolean ownedBy(TokenClaims claims) {
        return userId.equals(claims.userId()) && deviceId.equals(claims.deviceId());
    }

    String encode() {
        return (active ? "active" : "revoked") + ":" + userId + ":" + deviceId;
    }

    /** Empty for anything else, including the bare values older versions cached: those are simply misses. */
    static Optional<TokenFamilyState> decode(String text) {
        String[] parts = text == null ? new String[0] : text.split(":");
        if (parts.length != 3 || !parts[0].equals("active") && !parts[0].equals("revoked")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TokenFamilyState(UUID.fromString(parts[1]), UUID.fromString(parts[2]),
                    parts[0].equals("active")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
