package com.jarvis.ingress.session;

import com.jarvis.ingress.error.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursor for listing: the position of the last session on the previous page. */
public record SessionCursor(long seq) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s" + seq).getBytes(StandardCharsets.UTF_8));
    }

    public static SessionCursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            if (!raw.startsWith("s")) {
                throw new IllegalArgumentException();
            }
            return new SessionCursor(Long.parseLong(raw.substring(1)));
        } catch (RuntimeException e) {
            throw ServiceException.invalid("cursor", "is not a cursor returned by this endpoint");
        }
    }
}
