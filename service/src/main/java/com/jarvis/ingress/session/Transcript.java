package com.jarvis.ingress.session;

import java.time.Instant;

/**
 * What speech recognition heard in a session. Final transcripts are kept in the session's
 * {@code contextData.transcript}; interim ones are only passed on to watchers.
 */
public record Transcript(String text, boolean isFinal, float confidence, Instant at) {
    public Transcript {
        text = text == null ? "" : text;
        if (Float.isNaN(confidence) || confidence < 0) {
            confidence = 0;
        } else if (confidence > 1) {
            confidence = 1;
        }
    }
}
