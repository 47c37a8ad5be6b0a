package com.jarvis.ingress.webrtc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints TURN credentials with coturn's TURN REST scheme ({@code use-auth-secret}): username
 * {@code <expiry unix time>:<user id>}, password base64(HMAC-SHA1(secret, username)). coturn recomputes the password
 * from the same secret and refuses the credential once the expiry has passed. Thread-safe.
 */
public final class TurnCredentials {
    private static final String HMAC = "HmacSHA1";

    private final SecretKeySpec key;
    private final List<String> urls;
    private final Duration ttl;
    private final Clock clock;

    /** Mints with {@code secret} (the first of TURN_SECRET; coturn accepts every configured one). */
    public TurnCredentials(String secret, List<String> urls, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.urls = List.copyOf(urls);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A credential for {@code userId} valid for the configured TTL from now. */
    public IceServer mint(String userId) {
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        String username = expiry + ":" + userId;
        return new IceServer(urls, username, password(username));
    }

    /** base64(HMAC-SHA1(secret, username)). */
    String password(String username) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JRE", e);
        }
    }
}
