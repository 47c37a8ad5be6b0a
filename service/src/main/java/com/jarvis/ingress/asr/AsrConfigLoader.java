package com.jarvis.ingress.asr;

import com.jarvis.ingress.config.EnvReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * ASR_GATEWAY_URL, ASR_GATEWAY_CA_FILE, ASR_FRAME_MS, ASR_AUDIO_ENCODING, ASR_BUFFER_MS, ASR_MAX_SESSIONS. Every
 * problem is reported at once and stops start-up, like the rest of the configuration.
 */
public final class AsrConfigLoader {
    public static final int DEFAULT_FRAME_MS = 100;
    public static final int DEFAULT_BUFFER_MS = 10_000;
    public static final int DEFAULT_MAX_SESSIONS = 2000;

    private AsrConfigLoader() {
    }

    public static AsrConfig load(Function<String, String> env) {
        EnvReader r = new EnvReader(env);
        String url = r.text("ASR_GATEWAY_URL", null);
        AsrTarget target = null;
        if (url != null) {
            try {
                target = AsrTarget.parse(url);
            } catch (IllegalArgumentException e) {
                r.problem("ASR_GATEWAY_URL " + e.getMessage() + " (got '" + url + "')");
            }
        }
        String ca = r.text("ASR_GATEWAY_CA_FILE", null);
        Path caFile = null;
        if (ca != null) {
            caFile = Path.of(ca);
            if (!Files.isReadable(caFile)) {
                r.problem("ASR_GATEWAY_CA_FILE must be a readable PEM file (got '" + ca + "')");
            } else if (target != null && !target.tls()) {
                r.problem("ASR_GATEWAY_CA_FILE needs a grpcs:// ASR_GATEWAY_URL (got '" + url + "')");
            }
        }
        int frameMs = r.integer("ASR_FRAME_MS", DEFAULT_FRAME_MS, 20, 100);
        String enc = r.text("ASR_AUDIO_ENCODING", "pcm").toLowerCase(Locale.ROOT);
        AsrEncoding encoding = switch (enc) {
            case "pcm" -> AsrEncoding.PCM;
            case "opus" -> AsrEncoding.OPUS;
            default -> {
                r.problem("ASR_AUDIO_ENCODING must be pcm or opus (got '" + enc + "')");
                yield AsrEncoding.PCM;
            }
        };
        int bufferMs = r.integer("ASR_BUFFER_MS", DEFAULT_BUFFER_MS, 1000, 120_000);
        int maxSessions = r.integer("ASR_MAX_SESSIONS", DEFAULT_MAX_SESSIONS, 1, 100_000);
        r.throwIfProblems();
        return new AsrConfig(target, caFile, frameMs, encoding, bufferMs, maxSessions);
    }
}
