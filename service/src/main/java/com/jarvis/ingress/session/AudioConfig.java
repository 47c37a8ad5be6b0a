package com.jarvis.ingress.session;

import java.util.Set;

/** How the client's audio is encoded. Defaults: 16 kHz, mono, 16-bit, Opus. */
public record AudioConfig(int sampleRate, int channels, int bitDepth, String codec) {
    public static final Set<Integer> SAMPLE_RATES = Set.of(8000, 16000, 24000, 48000);
    public static final Set<String> CODECS = Set.of("opus", "pcm");
    public static final AudioConfig DEFAULT = new AudioConfig(16000, 1, 16, "opus");
}
