package com.jarvis.ingress.media.ice;

import static com.jarvis.ingress.media.ice.StunConstants.ATTR_USERNAME;
import static com.jarvis.ingress.media.ice.StunConstants.HEADER_LENGTH;

import java.nio.charset.StandardCharsets;

/**
 * Extracts the local ufrag (the part of USERNAME before ':') from a raw STUN packet without a full parse,
 * for the shared-port lookup: tuple first, else ufrag.
 */
public final class LocalUfrag {
    private LocalUfrag() {
    }

    /** The local ufrag, or {@code null} if the packet is not STUN or has no well-formed USERNAME. */
    public static String of(byte[] buf, int off, int len) {
        if (!StunMessage.looksLikeStun(buf, off, len)) {
            return null;
        }
        int end = off + len;
        int p = off + HEADER_LENGTH;
        while (end - p >= 4) {
            int type = StunMessage.readShort(buf, p);
            int attrLen = StunMessage.readShort(buf, p + 2);
            int valueOff = p + 4;
            if (attrLen > end - valueOff) {
                return null;
            }
            if (type == ATTR_USERNAME) {
                for (int i = 0; i < attrLen; i++) {
                    if (buf[valueOff + i] == ':') {
                        return i == 0 ? null : new String(buf, valueOff, i, StandardCharsets.UTF_8);
                    }
                }
                return null;
            }
            p = valueOff + ((attrLen + 3) & ~3);
        }
        return null;
    }
}
