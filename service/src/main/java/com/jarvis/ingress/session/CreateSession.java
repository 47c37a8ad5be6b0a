package com.jarvis.ingress.session;

import java.util.Objects;

/** A request to start a session: audio and voice over the defaults, and the client's metadata. */
public record CreateSession(AudioConfigPatch audio, VoiceConfigPatch voice, JsonDocument metadata) {
    /** Everything default, no metadata: what an empty body asks for. */
    public static final CreateSession DEFAULTS = new CreateSession(AudioConfigPatch.NONE, VoiceConfigPatch.NONE,
            JsonDocument.EMPTY);

    public CreateSession {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(metadata, "metadata");
    }
}
