package com.jarvis.ingress.media.rtp;

import java.nio.charset.StandardCharsets;

/** URIs and value parsers of the RTP header extensions the ingress reads. */
public final class HeaderExtensions {
    public static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    private HeaderExtensions() {
    }

    /** The MID (RFC 8843 section 14: an SDES item value) or null when empty or not printable ASCII. */
    public static String parseMid(byte[] buf, int off, int len) {
        if (len <= 0) {
            return null;
        }
        for (int i = 0; i < len; i++) {
            int c = buf[off + i] & 0xff;
            if (c < 0x21 || c > 0x7e) {
                return null;
            }
        }
        return new String(buf, off, len, StandardCharsets.US_ASCII);
    }

    /** The raw RFC 6464 byte (V bit 0x80, level 0..127 -dBov in the low bits), or -1 when the length is wrong. */
    public static int parseAudioLevel(byte[] buf, int off, int len) {
        // One byte of data; libwebrtc's two-byte form may add padding, so accept longer and read the first.
        return len >= 1 ? buf[off] & 0xff : -1;
    }
}
