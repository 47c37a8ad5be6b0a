package com.jarvis.ingress.session;

import com.jarvis.ingress.error.ServiceException;
import java.util.IllformedLocaleException;
import java.util.Locale;

/**
 * The voice settings a client asked for, each null when not given; valid by construction (errors name the field,
 * e.g. {@code voiceConfig.speed}) and the language in canonical BCP-47 case. The per-field checks are public so
 * an edge reading fields one at a time reports the first bad field first.
 */
public record VoiceConfigPatch(String voiceId, Double speed, Double pitch, String language) {
    public static final VoiceConfigPatch NONE = new VoiceConfigPatch(null, null, null, null);
    public static final int MAX_VOICE_ID_LENGTH = 64;
    public static final int MAX_LANGUAGE_LENGTH = 35;
    static final double MIN_RATE = 0.25;
    static final double MAX_RATE = 4.0;

    public VoiceConfigPatch {
        checkVoiceId(voiceId);
        checkRate("speed", speed);
        checkRate("pitch", pitch);
        language = language == null ? null : languageTag(language);
    }

    /** The base (defaults on create, the current voice on update) with the given fields replaced. */
    public VoiceConfig applyTo(VoiceConfig base) {
        return new VoiceConfig(
                voiceId == null ? base.voiceId() : voiceId,
                speed == null ? base.speed() : speed,
                pitch == null ? base.pitch() : pitch,
                language == null ? base.language() : language);
    }

    public static void checkVoiceId(String voiceId) {
        if (voiceId == null) {
            return;
        }
        if (voiceId.length() > MAX_VOICE_ID_LENGTH) {
            throw ServiceException.invalid("voiceConfig.voiceId", "must be at most " + MAX_VOICE_ID_LENGTH + " characters");
        }
        if (!voiceId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ServiceException.invalid("voiceConfig.voiceId", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    /** {@code field} is speed or pitch: a finite multiplier between 0.25 and 4. */
    public static void checkRate(String field, Double v) {
        if (v == null) {
            return;
        }
        if (!Double.isFinite(v)) {
            throw ServiceException.invalid("voiceConfig." + field, "must be a finite number");
        }
        if (v < MIN_RATE || v > MAX_RATE) {
            throw ServiceException.invalid("voiceConfig." + field, "must be between 0.25 and 4");
        }
    }

    /** A well-formed BCP-47 tag (RFC 5646), returned in canonical case, e.g. "en-us" -> "en-US". */
    public static String languageTag(String tag) {
        if (tag.length() > MAX_LANGUAGE_LENGTH) {
            throw ServiceException.invalid("voiceConfig.language", "must be at most " + MAX_LANGUAGE_LENGTH + " characters");
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            if (locale.getLanguage().isEmpty()) {
                throw new IllformedLocaleException("no language");
            }
            return locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw ServiceException.invalid("voiceConfig.language", "must be a BCP-47 language tag such as en-US");
        }
    }
}
