package com.jarvis.ingress.media.transport;

import static com.jarvis.ingress.media.transport.TransportTestSupport.chromeParameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router router = new Router();

    @Test
    void capabilitiesHaveMediasoupShape() {
        String json = RecordJson.write(router.rtpCapabilities());
        assertThat(json).isEqualTo("{\"codecs\":[{\"kind\":\"audio\",\"mimeType\":\"audio/opus\","
                + "\"preferredPayloadType\":100,\"clockRate\":48000,\"channels\":2,"
                + "\"parameters\":{\"maxplaybackrate\":16000,\"usedtx\":1,\"useinbandfec\":1},"
                + "\"rtcpFeedback\":[{\"type\":\"nack\",\"parameter\":\"\"},{\"type\":\"transport-cc\",\"parameter\":\"\"}]}],"
                + "\"headerExtensions\":["
                + "{\"kind\":\"audio\",\"uri\":\"urn:ietf:params:rtp-hdrext:sdes:mid\",\"preferredId\":1,"
                + "\"preferredEncrypt\":false,\"direction\":\"sendrecv\"},"
                + "{\"kind\":\"audio\",\"uri\":\"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\","
                + "\"preferredId\":4,\"preferredEncrypt\":false,\"direction\":\"sendrecv\"},"
                + "{\"kind\":\"audio\",\"uri\":\"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\","
                + "\"preferredId\":5,\"preferredEncrypt\":false,\"direction\":\"recvonly\"},"
                + "{\"kind\":\"audio\",\"uri\":\"urn:ietf:params:rtp-hdrext:ssrc-audio-level\",\"preferredId\":10,"
                + "\"preferredEncrypt\":false,\"direction\":\"sendrecv\"},"
                + "{\"kind\":\"audio\",\"uri\":\"http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time\","
                + "\"preferredId\":13,\"preferredEncrypt\":false,\"direction\":\"sendrecv\"}]}");
    }

    @Test
    void chromeParametersAreAcceptedWithTheirOwnPayloadType() {
        RtpCodecParameters codec = router.validate("audio", chromeParameters(123456L));
        assertThat(codec.payloadType()).isEqualTo(111);
        assertThat(chromeParameters(1L).extensionId("urn:ietf:params:rtp-hdrext:ssrc-audio-level")).isEqualTo(1);
        RtpParameters upperCase = withCodec(new RtpCodecParameters("AUDIO/OPUS", 96, 48_000, null, null, null));
        assertThat(router.validate("audio", upperCase).payloadType()).isEqualTo(96);
    }

    @Test
    void invalidParametersNameTheProblem() {
        assertThatThrownBy(() -> router.validate("video", chromeParameters(1L)))
                .isInstanceOf(InvalidRtpParametersException.class).hasMessageContaining("kind");
        assertRejected(new RtpCodecParameters("audio/PCMU", 0, 8000, 1, null, null), "audio/PCMU");
        assertRejected(new RtpCodecParameters("audio/opus", 111, 44_100, 2, null, null), "clockRate");
        assertRejected(new RtpCodecParameters("audio/opus", 111, 48_000, 1, null, null), "channels");
        assertRejected(new RtpCodecParameters("audio/opus", 128, 48_000, 2, null, null), "payloadType");
        RtpParameters noEncodings = new RtpParameters("0", chromeParameters(1L).codecs(), List.of(), List.of(), null);
        assertThatThrownBy(() -> router.validate("audio", noEncodings)).hasMessageContaining("encodings");
        RtpParameters noCodecs = new RtpParameters("0", List.of(), List.of(), chromeParameters(1L).encodings(), null);
        assertThatThrownBy(() -> router.validate("audio", noCodecs)).hasMessageContaining("codecs");
        RtpParameters badSsrc = new RtpParameters("0", chromeParameters(1L).codecs(), List.of(),
                List.of(new RtpEncodingParameters(1L << 32, false)), null);
        assertThatThrownBy(() -> router.validate("audio", badSsrc)).hasMessageContaining("ssrc");
        RtpParameters badExtension = new RtpParameters("0", chromeParameters(1L).codecs(),
                List.of(new RtpHeaderExtensionParameters("urn:x", 0, false, Map.of())),
                chromeParameters(1L).encodings(), null);
        assertThatThrownBy(() -> router.validate("audio", badExtension)).hasMessageContaining("urn:x");
    }

    private void assertRejected(RtpCodecParameters codec, String problem) {
        assertThatThrownBy(() -> router.validate("audio", withCodec(codec)))
                .isInstanceOf(InvalidRtpParametersException.class).hasMessageContaining(problem);
    }

    private static RtpParameters withCodec(RtpCodecParameters codec) {
        return new RtpParameters("0", List.of(codec), List.of(), List.of(new RtpEncodingParameters(5L, null)), null);
    }
}
