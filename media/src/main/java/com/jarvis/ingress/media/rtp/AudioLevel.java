package com.jarvis.ingress.media.rtp;

/**
 * A client-to-mixer audio level (RFC 6464): the voice activity flag and the level in -dBov (0 is loudest, 127 is
 * silence).
 */
public record AudioLevel(boolean voiceActivity, int levelDbov) {

    /** Decodes the raw extension byte; null for a negative (absent) value. */
    public static AudioLevel fromRaw(int raw) {
        return raw < 0 ? null : new AudioLevel((raw & 0x80) != 0, raw & 0x7f);
    }
}
