package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.rtp.HeaderExtensions;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The router's media capabilities (Opus audio only, with the header extensions mediasoup offers for audio) and
 * the check of a producer's RTP parameters against them. Stateless and thread-safe.
 */
public final class Router {
    public static final String OPUS_MIME_TYPE = "audio/opus";
    public static final int OPUS_CLOCK_RATE = 48_000;
    public static final int OPUS_CHANNELS = 2;
    public static final int OPUS_PREFERRED_PAYLOAD_TYPE = 100;
    /**
     * The Opus {@code maxplaybackrate} (RFC 7587 section 6.1) the router asks of senders: everything the ingress
     * delivers is 16 kHz, so audio above 8 kHz would only be thrown away. libwebrtc honours it from the answer (the
     * encoder's maximum bandwidth becomes wideband, its default bitrate 20 instead of 32 kbit/s), and the browser
     * then sends SILK-only wideband packets instead of hybrid fullband ones, which libopus decodes to 16 kHz with
     * a third to a half less CPU: the CELT half of a hybrid packet is decoded in full and then discarded at 16 kHz.
     */
    public static final int OPUS_MAX_PLAYBACK_RATE = 16_000;

    public static final String ABS_SEND_TIME_URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC_URI =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String ABS_CAPTURE_TIME_URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    private static final RtpCapabilities CAPABILITIES = new RtpCapabilities(
            List.of(new RtpCodecCapability("audio", OPUS_MIME_TYPE, OPUS_PREFERRED_PAYLOAD_TYPE, OPUS_CLOCK_RATE,
                    OPUS_CHANNELS, Map.of("useinbandfec", 1, "usedtx", 1, "maxplaybackrate", OPUS_MAX_PLAYBACK_RATE),
                    List.of(new RtcpFeedback("nack", ""), new RtcpFeedback("transport-cc", "")))),
            List.of(extension(HeaderExtensions.MID_URI, 1, "sendrecv"),
                    extension(ABS_SEND_TIME_URI, 4, "sendrecv"),
                    extension(TRANSPORT_CC_URI, 5, "recvonly"),
                    extension(HeaderExtensions.AUDIO_LEVEL_URI, 10, "sendrecv"),
                    extension(ABS_CAPTURE_TIME_URI, 13, "sendrecv")));

    private static RtpHeaderExtensionCapability extension(String uri, int id, String direction) {
        return new RtpHeaderExtensionCapability("audio", uri, id, false, direction);
    }

    /** The capabilities returned to clients (immutable). */
    public RtpCapabilities rtpCapabilities() {
        return CAPABILITIES;
    }

    /**
     * Checks a producer's kind and parameters: kind audio; a first codec audio/opus (any case) at 48000 Hz with 2
     * channels (or channels absent) and payload type 0-127; header extension ids 1-255; at least one encoding,
     * whose SSRC is within 32 bits when present (an encoding without SSRC latches onto the first SSRC seen).
     *
     * @return the codec the producer will receive
     * @throws InvalidRtpParametersException naming the first problem
     */
    public RtpCodecParameters validate(String kind, RtpParameters parameters) {
        if (!"audio".equals(kind)) {
            throw new InvalidRtpParametersException("unsupported kind '" + kind + "': only audio is supported");
        }
        if (parameters == null) {
            throw new InvalidRtpParametersException("rtpParameters missing");
        }
        if (parameters.codecs().isEmpty()) {
            throw new InvalidRtpParametersException("rtpParameters.codecs is empty");
        }
        RtpCodecParameters codec = parameters.codecs().get(0);
        String mime = codec.mimeType() == null ? "" : codec.mimeType().toLowerCase(Locale.ROOT);
        if (!OPUS_MIME_TYPE.equals(mime)) {
            throw new InvalidRtpParametersException("unsupported codec '" + codec.mimeType()
                    + "': the router supports audio/opus only");
        }
        if (codec.clockRate() != OPUS_CLOCK_RATE) {
            throw new InvalidRtpParametersException("audio/opus clockRate must be 48000, got " + codec.clockRate());
        }
        if (codec.channels() != null && codec.channels() != OPUS_CHANNELS) {
            throw new InvalidRtpParametersException("audio/opus channels must be 2, got " + codec.channels());
        }
        if (codec.payloadType() < 0 || codec.payloadType() > 127) {
            throw new InvalidRtpParametersException("payloadType must be 0-127, got " + codec.payloadType());
        }
        for (RtpHeaderExtensionParameters e : parameters.headerExtensions()) {
            if (e.uri() == null || e.id() < 1 || e.id() > 255) {
                throw new InvalidRtpParametersException("header extension " + e.uri() + " has invalid id " + e.id());
            }
        }
        if (parameters.encodings().isEmpty()) {
            throw new InvalidRtpParametersException("rtpParameters.encodings is empty");
        }
        Long ssrc = parameters.encodings().get(0).ssrc();
        if (ssrc != null && (ssrc < 0 || ssrc > 0xffffffffL)) {
            throw new InvalidRtpParametersException("encodings[0].ssrc out of range: " + ssrc);
        }
        return codec;
    }
}
