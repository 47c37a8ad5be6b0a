package com.jarvis.ingress.session;

import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.web.JsonInput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The REST edge of sessions: JSON bodies to commands. Each field is type-checked and then checked against its
 * rule as it is read, so the first bad field is reported, by its JSON path (e.g. {@code audioConfig.sampleRate}).
 */
final class SessionRequests {
    private final ObjectMapper json;

    SessionRequests(ObjectMapper json) {
        this.json = json;
    }

    /** {@code POST /api/session/create}: every field optional, and so is the body itself. */
    CreateSession create(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return CreateSession.DEFAULTS;
        }
        JsonInput.object(body);
        AudioConfigPatch audio = audio(JsonInput.optionalObject(body, "audioConfig", "audioConfig"));
        VoiceConfigPatch voice = voice(JsonInput.optionalObject(body, "voiceConfig", "voiceConfig"));
        JsonNode metadata = JsonInput.optionalObject(body, "metadata", "metadata");
        return new CreateSession(audio, voice, metadata == null ? JsonDocument.EMPTY : JsonDocument.of(json, metadata));
    }

    /** {@code PATCH /api/session/:id}: contextData and/or voiceConfig; audioConfig is refused. */
    UpdateSession update(JsonNode body) {
        JsonInput.object(body);
        if (body.has("audioConfig")) {
            throw UpdateSession.audioConfigFixed();
        }
        JsonNode voiceNode = JsonInput.optionalObject(body, "voiceConfig", "voiceConfig");
        JsonNode contextNode = body.get("contextData");
        JsonDocument context = null;
        if (contextNode != null) {
            if (!contextNode.isObject()) {
                throw ServiceException.invalid("contextData", "must be an object");
            }
            context = JsonDocument.of(json, contextNode);
        }
        return new UpdateSession(context, voiceNode == null ? null : voice(voiceNode));
    }

    /** An {@code audioConfig} object; null (absent) is {@link AudioConfigPatch#NONE}. */
    static AudioConfigPatch audio(JsonNode node) {
        if (node == null) {
            return AudioConfigPatch.NONE;
        }
        Integer sampleRate = JsonInput.optionalInt(node, "sampleRate", "audioConfig.sampleRate");
        AudioConfigPatch.checkSampleRate(sampleRate);
        Integer channels = JsonInput.optionalInt(node, "channels", "audioConfig.channels");
        AudioConfigPatch.checkChannels(channels);
        Integer bitDepth = JsonInput.optionalInt(node, "bitDepth", "audioConfig.bitDepth");
        AudioConfigPatch.checkBitDepth(bitDepth);
        String codec = JsonInput.optionalString(node, "codec", "audioConfig.codec", AudioConfigPatch.MAX_CODEC_LENGTH);
        return new AudioConfigPatch(sampleRate, channels, bitDepth, codec);
    }

    /** A {@code voiceConfig} object; null (absent) is {@link VoiceConfigPatch#NONE}. */
    static VoiceConfigPatch voice(JsonNode node) {
        if (node == null) {
            return VoiceConfigPatch.NONE;
        }
        String voiceId = JsonInput.optionalString(node, "voiceId", "voiceConfig.voiceId",
                VoiceConfigPatch.MAX_VOICE_ID_LENGTH);
        VoiceConfigPatch.checkVoiceId(voiceId);
        Double speed = rate(node, "speed");
        Double pitch = rate(node, "pitch");
        String language = JsonInput.optionalString(node, "language", "voiceConfig.language",
                VoiceConfigPatch.MAX_LANGUAGE_LENGTH);
        return new VoiceConfigPatch(voiceId, speed, pitch, language);
    }

    private static Double rate(JsonNode node, String field) {
        Double v = JsonInput.optionalNumber(node, field, "voiceConfig." + field);
        VoiceConfigPatch.checkRate(field, v);
        return v;
    }
}
