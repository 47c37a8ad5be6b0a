package com.jarvis.ingress.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.whip.SdpSamples;
import org.junit.jupiter.api.Test;

class SdpParserTest {
    static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    static void malformed(String sdp, String message) {
        assertThatThrownBy(() -> SdpParser.parse(sdp)).isInstanceOf(SdpException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((SdpException) e).problem()).isEqualTo(SdpException.Problem.MALFORMED);
    }

    @Test
    void parsesChromiumsOfferIntoSessionAndMediaAttributes() {
        SessionDescription sdp = SdpParser.parse(SdpSamples.chromium());
        assertThat(sdp.origin()).startsWith("- ");
        assertThat(sdp.attribute("group")).isEqualTo("BUNDLE 0 1");
        assertThat(sdp.has("extmap-allow-mixed")).isTrue();
        assertThat(sdp.attribute("extmap-allow-mixed")).isEmpty();
        assertThat(sdp.media()).hasSize(2);
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(9);
        assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.formats()).startsWith("111", "63");
        assertThat(audio.connection()).isEqualTo("IN IP4 0.0.0.0");
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(audio.attributes("extmap")).hasSize(4);
        assertThat(sdp.media().get(1).attribute("sctp-port")).isEqualTo("5000");
    }

    @Test
    void acceptsLfLineEndsAndATrailingLineBreakOnly() {
        assertThat(SdpParser.parse(HEAD.replace("\r\n", "\n")).origin()).isEqualTo("- 1 2 IN IP4 127.0.0.1");
        assertThat(SdpParser.parse(HEAD.substring(0, HEAD.length() - 2)).media()).isEmpty();
        malformed(HEAD + "\r\na=x\r\n", "line 5 is empty");
    }

    @Test
    void refusesWhatIsNotSdp() {
        malformed("", "SDP body is empty");
        malformed("\r\n", "SDP body is empty");
        malformed("hello", "SDP must start with the line v=0");
        malformed("v=1\r\n", "SDP must start with the line v=0");
        malformed(HEAD + "hello\r\n", "line 5 is not <type>=<value>");
        malformed(HEAD + "A=b\r\n", "line 5 is not <type>=<value>");
        malformed(HEAD + "x=unknown\r\n", "'x=' is not allowed at session level");
        malformed(HEAD + "m=audio 9 RTP/AVP 0\r\nt=0 0\r\n", "'t=' is not allowed in an m-section");
        malformed(HEAD + "v=0\r\n", "v= must be the first line only");
        malformed("v=0\r\ns=-\r\n", "SDP has no o= line");
        malformed(HEAD + "o=- 1 2 IN IP4 1.2.3.4\r\n", "more than one o= line");
        malformed(HEAD + "a=\r\n", "invalid attribute name");
        malformed(HEAD + "a=na me:x\r\n", "invalid attribute name");
        malformed(HEAD + "a=x\u0001y\r\n", "control character 0x1");
        malformed(HEAD + "a=x\ry\r\n", "control character 0xd");
        malformed(HEAD + "m=audio 9 RTP/AVP\r\n", "m= needs");
        malformed(HEAD + "m=audio 70000 RTP/AVP 0\r\n", "invalid m= port");
        malformed(HEAD + "m=audio -1 RTP/AVP 0\r\n", "invalid m= port");
        malformed(HEAD + "m=audio 9  RTP/AVP 0\r\n", "invalid m= field");
        malformed(HEAD + "m=audio 9 RTP/AVP 0\u00e9\r\n", "invalid m= field");
    }

    @Test
    void boundsEverySizeAHostileBodyCouldGrow() {
        malformed("v=0\r\n" + "x".repeat(SdpLimits.MAX_CHARS), "longer than 65536 characters");
        malformed(HEAD + "a=" + "x".repeat(SdpLimits.MAX_LINE) + "\r\n", "line 5 is longer than 4096");
        malformed(HEAD + "b=AS:1\r\n".repeat(SdpLimits.MAX_LINES), "more than 2048 lines");
        malformed(HEAD + "a=x\r\n".repeat(SdpLimits.MAX_ATTRIBUTES + 1), "more than 512 attributes");
        malformed(HEAD + "m=audio 9 RTP/AVP 0\r\n".repeat(SdpLimits.MAX_MEDIA + 1), "more than 16 m-sections");
        malformed(HEAD + "m=audio 9 RTP/AVP" + " 0".repeat(SdpLimits.MAX_FORMATS + 1) + "\r\n", "more than 64 formats");
        // Exactly at the bounds is fine.
        assertThat(SdpParser.parse(HEAD + "m=audio 9 RTP/AVP 0\r\n".repeat(SdpLimits.MAX_MEDIA)).media())
                .hasSize(SdpLimits.MAX_MEDIA);
    }

    @Test
    void fragmentsHaveOnlyAttributeAndMediaLines() {
        SessionDescription frag = SdpParser.parseFragment("a=ice-ufrag:abcd\r\na=ice-pwd:x\r\nm=audio 9 RTP/AVP 0\r\n"
                + "a=mid:0\r\na=candidate:1 1 udp 1 192.0.2.1 1 typ host\r\n");
        assertThat(frag.origin()).isNull();
        assertThat(frag.attribute("ice-ufrag")).isEqualTo("abcd");
        assertThat(frag.media().get(0).attributes("candidate")).hasSize(1);
        assertThatThrownBy(() -> SdpParser.parseFragment("v=0\r\n")).hasMessageContaining("only a= and m= lines");
        assertThatThrownBy(() -> SdpParser.parseFragment("")).hasMessageContaining("empty");
    }

    @Test
    void writerRendersCrlfLines() {
        String text = new SdpWriter().line('v', "0").attribute("ice-lite").attribute("mid", "0").toString();
        assertThat(text).isEqualTo("v=0\r\na=ice-lite\r\na=mid:0\r\n");
        assertThat(SdpParser.parseFragment(text.substring(5)).attribute("mid")).isEqualTo("0");
    }
}
