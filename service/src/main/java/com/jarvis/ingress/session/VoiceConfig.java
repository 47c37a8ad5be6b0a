package com.jarvis.ingress.session;

/** The assistant's voice. Defaults: voice "default", speed and pitch 1.0, language en-US. */
public record VoiceConfig(String voiceId, double speed, double pitch, String language) {
    public static final VoiceConfig DEFAULT = new VoiceConfig("default", 1.0, 1.0, "en-US");
}
