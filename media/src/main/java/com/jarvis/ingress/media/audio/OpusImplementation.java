package com.jarvis.ingress.media.audio;

import java.util.Locale;

/** Which Opus decoder to use ({@code OPUS_DECODER}): the system's libopus, Concentus, or libopus when it loads. */
public enum OpusImplementation {
    /** libopus when it loads, else Concentus. */
    AUTO,
    /** The system's libopus through JNA; start-up fails when it cannot be loaded. */
    NATIVE,
    /** Concentus, pure Java. */
    JAVA;

    /** Parses {@code auto|native|java} (any case); null for anything else. */
    public static OpusImplementation parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "native" -> NATIVE;
            case "java" -> JAVA;
            default -> null;
        };
    }

    /** The wire name, lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
