package com.jarvis.ingress.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.whip.SdpSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfferReaderTest {
    static final LocalTransport LOCAL = new LocalTransport("srvUfrag", "serverPasswordServerPassword",
            List.of(new Candidate("udpcandidate", "udp", 2130706431L, "192.0.2.10", 40000, null),
                    new Candidate("tcpcandidate", "tcp", 2113937151L, "192.0.2.10", 40001, "passive")),
            List.of(new Fingerprint("sha-256", "AA:BB")));

    static void refused(String sdp, SdpException.Problem problem, String message) {
        assertThatThrownBy(() -> OfferReader.read(sdp)).isInstanceOf(SdpException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((SdpException) e).problem()).isEqualTo(problem);
    }

    @Test
    void readsChromiumsOffer() {
        Offer offer = OfferReader.read(SdpSamples.chromium());
        assertThat(offer.iceUfrag()).isEqualTo("9mxM");
        assertThat(offer.icePwd()).isEqualTo("TBM0mNxWUIyh8UbELnkAbzS4");
        assertThat(offer.setup()).isEqualTo(SetupRole.ACTPASS);
        assertThat(offer.fingerprints()).singleElement().extracting(Fingerprint::algorithm).isEqualTo("sha-256");
        AudioOffer audio = offer.audio();
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(audio.payloadType()).isEqualTo(111);
        assertThat(audio.ssrc()).isEqualTo(1590237439L);
        assertThat(audio.cname()).isEqualTo("y5O6pwkknCHk5xNx");
        assertThat(audio.fmtp()).containsEntry("useinbandfec", "1").containsEntry("minptime", "10");
        assertThat(audio.extensions()).contains(new RtpExtension(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
                new RtpExtension(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
        assertThat(audio.rtcpReducedSize()).isTrue();
        assertThat(offer.data()).isEqualTo(new DataOffer(1, "1", "UDP/DTLS/SCTP", 5000, 262144));
    }

    @Test
    void readsGstreamersOffer() {
        Offer offer = OfferReader.read(SdpSamples.gstreamer());
        assertThat(offer.audio().mid()).isEqualTo("audio0");
        assertThat(offer.audio().payloadType()).isEqualTo(111);
        assertThat(offer.audio().ssrc()).isNotNull();
        assertThat(offer.audio().extensions()).isEmpty();
        assertThat(offer.data()).isNull();
    }

    @Test
    void answerMirrorsTheOfferedSectionsAndBundlesTheAcceptedOnes() {
        Offer offer = OfferReader.read(SdpSamples.chromium());
        String answer = AnswerWriter.write(offer, LOCAL, 42, 262144);
        SessionDescription parsed = SdpParser.parse(answer);
        assertThat(parsed.has("ice-lite")).isTrue();
        assertThat(parsed.attribute("group")).isEqualTo("BUNDLE 0 1");
        assertThat(parsed.media()).extracting(MediaDescription::mid).containsExactly("0", "1");
        MediaDescription audio = parsed.media().get(0);
        assertThat(audio.port()).isEqualTo(40000);
        assertThat(audio.formats()).containsExactly("111");
        assertThat(audio.attribute("setup")).isEqualTo("passive");
        assertThat(audio.attribute("ice-ufrag")).isEqualTo("srvUfrag");
        assertThat(audio.attributes("candidate")).containsExactly(
                "udpcandidate 1 udp 2130706431 192.0.2.10 40000 typ host",
                "tcpcandidate 1 tcp 2113937151 192.0.2.10 40001 typ host tcptype passive");
        assertThat(audio.has("recvonly")).isTrue();
        assertThat(audio.has("rtcp-mux")).isTrue();
        assertThat(audio.attributes("extmap")).containsExactly("1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "4 urn:ietf:params:rtp-hdrext:sdes:mid");
        assertThat(parsed.media().get(1).attribute("max-message-size")).isEqualTo("262144");
        // The answer is a valid offer/answer document for our own reader's rules too (it re-reads cleanly).
        assertThat(answer).endsWith("\r\n").doesNotContain("\n\n");
    }

    @Test
    void refusesOffersItCannotAnswer() {
        String good = SdpSamples.gstreamer();
        refused(SdpParserTest.HEAD, SdpException.Problem.UNACCEPTABLE, "no m-section");
        refused(good.replace("a=mid:audio0\r\n", ""), SdpException.Problem.UNACCEPTABLE, "has no a=mid");
        refused(good.replace("a=group:BUNDLE audio0\r\n", ""), SdpException.Problem.UNACCEPTABLE, "a=group:BUNDLE is required");
        refused(good.replace("a=group:BUNDLE audio0", "a=group:BUNDLE other"), SdpException.Problem.UNACCEPTABLE,
                "no audio m-section");
        refused(good.replace("OPUS/48000/2", "OPUS/48000/1"), SdpException.Problem.UNACCEPTABLE, "no audio m-section");
        refused(good.replace("m=audio 9", "m=audio 0"), SdpException.Problem.UNACCEPTABLE, "no audio m-section");
        refused(good.replace("a=sendonly", "a=inactive"), SdpException.Problem.UNACCEPTABLE, "no audio m-section");
        refused(good.replace("a=rtcp-mux\r\n", ""), SdpException.Problem.UNACCEPTABLE, "rtcp-mux");
        refused(good.replaceAll("a=ice-ufrag:\\S+\r\n", ""), SdpException.Problem.UNACCEPTABLE, "no a=ice-ufrag");
        refused(good.replaceAll("a=ice-ufrag:\\S+", "a=ice-ufrag:a b"), SdpException.Problem.MALFORMED, "a=ice-ufrag must be");
        refused(good.replaceAll("a=fingerprint:.*\r\n", ""), SdpException.Problem.UNACCEPTABLE, "no a=fingerprint");
        refused(good.replaceAll("a=fingerprint:sha-256 ", "a=fingerprint:sha-256"), SdpException.Problem.MALFORMED,
                "a=fingerprint must be");
        refused(good.replace("a=setup:actpass", "a=setup:holdconn"), SdpException.Problem.UNACCEPTABLE, "holdconn");
        refused(good.replace("a=setup:actpass", "a=setup:ACTPASS"), SdpException.Problem.MALFORMED, "a=setup must be");
        refused(good.replace("a=mid:audio0", "a=mid:audio0\r\na=extmap:300 urn:x"), SdpException.Problem.MALFORMED,
                "a=extmap");
        refused(good.replace("a=mid:audio0", "a=mid:audio0\r\na=ssrc:99999999999 cname:x"),
                SdpException.Problem.MALFORMED, "a=ssrc id");
        refused(good.replace("a=rtpmap:111 OPUS/48000/2", "a=rtpmap:999 OPUS/48000/2"), SdpException.Problem.MALFORMED,
                "payload type 999");
        refused(good.replace("a=mid:audio0", "a=mid:audio0" + "\r\na=fingerprint:sha-256 AA".repeat(9)),
                SdpException.Problem.MALFORMED, "more than 8 a=fingerprint");
        String twice = good + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:audio0\r\n";
        refused(twice, SdpException.Problem.MALFORMED, "appears on two m-sections");
    }

    @Test
    void setupIsActiveWhenAbsentAndSessionLevelAttributesCount() {
        String moved = SdpSamples.gstreamer().replace("a=setup:actpass\r\n", "");
        assertThat(OfferReader.read(moved).setup()).isEqualTo(SetupRole.ACTIVE);
        String fp = SdpSamples.gstreamer().lines().filter(l -> l.startsWith("a=fingerprint")).findFirst().orElseThrow();
        String sessionLevel = SdpSamples.gstreamer().replace(fp + "\r\n", "").replace("t=0 0\r\n", "t=0 0\r\n" + fp + "\r\n");
        assertThat(OfferReader.read(sessionLevel).fingerprints()).hasSize(1);
    }

    @Test
    void fragmentsCarryCredentialsAndCandidates() {
        TrickleFragment f = OfferReader.readFragment("a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwxyz\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n"
                + "a=end-of-candidates\r\n");
        assertThat(f).isEqualTo(new TrickleFragment("abcd", "abcdefghijklmnopqrstuvwxyz", "0", 1, true));
        assertThat(OfferReader.readFragment("a=end-of-candidates\r\n").iceUfrag()).isNull();
        assertThatThrownBy(() -> OfferReader.readFragment("a=ice-ufrag:abcd\r\n")).hasMessageContaining("both");
        String restart = AnswerWriter.restartFragment(LOCAL, "0");
        assertThat(restart).contains("a=ice-ufrag:srvUfrag\r\n", "a=mid:0\r\n", "a=end-of-candidates\r\n");
        assertThat(OfferReader.readFragment(restart).candidates()).isEqualTo(2);
    }
}
