package com.jarvis.ingress.session;

import com.jarvis.ingress.web.ApiException;
import com.jarvis.ingress.web.JsonInput;
import java.util.IllformedLocaleException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Validates the audio and voice configuration of a request, filling what is missing from a base (the defaults
 * on create, the current values on update). Errors name the field, e.g. {@code voiceConfig.speed}.
 */
public final class SessionConfigParser {
    static final double MIN_RATE = 0.25;
    static final double MAX_RATE = 4.0;

    private SessionConfigParser() {
    }

    public static AudioConfig audio(JsonNode node, AudioConfig base) {
        if (node == null) {
            return base;
        }
        Integer sampleRate = JsonInput.optionalInt(node, "sampleRate", "audioConfig.sampleRate");
        if (sampleRate != null && !AudioConfig.SAMPLE_RATES.contains(sampleRate)) {
            throw ApiException.invalid("audioConfig.sampleRate", "must be one of 8000, 16000, 24000, 48000");
        }
        Integer channels = JsonInput.optionalInt(node, "channels", "audioConfig.channels");
        if (channels != null && (channels < 1 || channels > 2)) {
            throw ApiException.invalid("audioConfig.channels", "must be 1 or 2");
        }
        Integer bitDepth = JsonInput.optionalInt(node, "bitDepth", "audioConfig.bitDepth");
        if (bitDepth != null && bitDepth != 16) {
            throw ApiException.invalid("audioConfig.bitDepth", "must be 16");
        }
        String codec = JsonInput.optionalString(node, "codec", "audioConfig.codec", 16);
        if (codec != null && !AudioConfig.CODECS.contains(codec)) {
            throw ApiException.invalid("audioConfig.codec", "must be \"opus\" or \"pcm\"");
        }
        return new AudioConfig(
                sampleRate == null ? base.sampleRate() : sampleRate,
                channels == null ? base.channels() : channels,
                bitDepth == null ? base.bitDepth() : bitDepth,
                codec == null ? base.codec() : codec);
    }

    public static VoiceConfig voice(JsonNode node, VoiceConfig base) {
        if (node == null) {
            return base;
        }
        String voiceId = JsonInput.optionalString(node, "voiceId", "voiceConfig.voiceId", 64);
        if (voiceId != null && !voiceId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ApiException.invalid("voiceConfig.voiceId", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        Double speed = rate(node, "speed");
        Double pitch = rate(node, "pitch");
        String language = JsonInput.optionalString(node, "language", "voiceConfig.language", 35);
        if (language != null) {
            language = languageTag(language);
        }
        return new VoiceConfig(
                voiceId == null ? base.voiceId() : voiceId,
                speed == null ? base.speed() : speed,
                pitch == null ? base.pitch() : pitch,
                language == null ? base.language() : language);
    }

    private static Double rate(JsonNode node, String field) {
        Double v = JsonInput.optionalNumber(node, field, "voiceConfig." + field);
        if (v != null && (v < MIN_RATE || v > MAX_RATE)) {
            throw ApiException.invalid("voiceConfig." + field, "must be between 0.25 and 4");
        }
        return v;
    }

    /** A well-formed BCP-47 tag (RFC 5646), returned in canonical case, e.g. "en-us" -> "en-US". */
    static String languageTag(String tag) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            if (locale.getLanguage().isEmpty()) {
                throw new IllformedLocaleException("no language");
            }
            return locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw ApiException.invalid("voiceConfig.language", "must be a BCP-47 language tag such as en-US");
        }
    }
}
