package com.jarvis.ingress.session;

import com.jarvis.ingress.error.ServiceException;

/**
 * The audio settings a client asked for, each null when not given; valid by construction (errors name the field,
 * e.g. {@code audioConfig.sampleRate}). The per-field checks are public so an edge reading fields one at a time
 * reports the first bad field first, whatever its protocol.
 */
public record AudioConfigPatch(Integer sampleRate, Integer channels, Integer bitDepth, String codec) {
    public static final AudioConfigPatch NONE = new AudioConfigPatch(null, null, null, null);
    public static final int MAX_CODEC_LENGTH = 16;

    public AudioConfigPatch {
        checkSampleRate(sampleRate);
        checkChannels(channels);
        checkBitDepth(bitDepth);
        checkCodec(codec);
    }

    /** The base (defaults on create) with the given fields replaced. */
    public AudioConfig applyTo(AudioConfig base) {
        return new AudioConfig(
                sampleRate == null ? base.sampleRate() : sampleRate,
                channels == null ? base.channels() : channels,
                bitDepth == null ? base.bitDepth() : bitDepth,
                codec == null ? base.codec() : codec);
    }

    public static void checkSampleRate(Integer sampleRate) {
        if (sampleRate != null && !AudioConfig.SAMPLE_RATES.contains(sampleRate)) {
            throw ServiceException.invalid("audioConfig.sampleRate", "must be one of 8000, 16000, 24000, 48000");
        }
    }

    public static void checkChannels(Integer channels) {
        if (channels != null && (channels < 1 || channels > 2)) {
            throw ServiceException.invalid("audioConfig.channels", "must be 1 or 2");
        }
    }

    public static void checkBitDepth(Integer bitDepth) {
        if (bitDepth != null && bitDepth != 16) {
            throw ServiceException.invalid("audioConfig.bitDepth", "must be 16");
        }
    }

    public static void checkCodec(String codec) {
        if (codec == null) {
            return;
        }
        if (codec.length() > MAX_CODEC_LENGTH) {
            throw ServiceException.invalid("audioConfig.codec", "must be at most " + MAX_CODEC_LENGTH + " characters");
        }
        if (!AudioConfig.CODECS.contains(codec)) {
            throw ServiceException.invalid("audioConfig.codec", "must be \"opus\" or \"pcm\"");
        }
    }
}
