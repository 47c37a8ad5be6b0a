package com.jarvis.ingress.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.jarvis.ingress.error.ServiceException;
import java.time.Clock;
import java.time.Duration;

/**
 * Access tokens this instance has verified, by their exact text: a client sends the same token on every call
 * until it expires, so repeats skip the base64, JSON parsing and HMAC of {@link JwtCodec#verify} (a tenth of a
 * cached session get's CPU). Only tokens that passed verification are kept, so a hit needs the very bytes of a
 * valid token; expiry is checked on every hit against the clock, as the codec would. Bounded in count (a few MB at
 * most) and time; revocation is not the codec's business and is checked per request as before.
 */
final class VerifiedAccessTokens {
    static final int MAX_TOKENS = 10_000;
    static final Duration KEEP = Duration.ofMinutes(5);

    private final JwtCodec jwt;
    private final Clock clock;
    private final Cache<String, TokenClaims> verified =
            Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterWrite(KEEP).build();

    VerifiedAccessTokens(JwtCodec jwt, Clock clock) {
        this.jwt = jwt;
        this.clock = clock;
    }

    /** As {@code jwt.verify(token, ACCESS)}. */
    TokenClaims verify(String token) {
        TokenClaims claims = verified.getIfPresent(token);
        if (claims == null) {
            claims = jwt.verify(token, TokenType.ACCESS);
            verified.put(token, claims);
        } else if (!clock.instant().isBefore(claims.expiresAt())) {
            verified.invalidate(token);
            throw ServiceException.unauthenticated("token_expired", "Token has expired");
        }
        return claims;
    }
}
