package com.jarvis.ingress.session;

import com.jarvis.ingress.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Opaque keyset cursor for listing: the position (createdAt, id) of the last session on the previous page. */
public record SessionCursor(Instant createdAt, UUID id) {

    public String encode() {
        String raw = createdAt.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static SessionCursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            return new SessionCursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))),
                    UUID.fromString(raw.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw ApiException.invalid("cursor", "is not a cursor returned by this endpoint");
        }
    }
}
