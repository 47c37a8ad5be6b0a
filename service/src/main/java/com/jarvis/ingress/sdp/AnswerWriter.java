package com.jarvis.ingress.sdp;

import com.jarvis.ingress.media.transport.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the SDP answer to an {@link Offer} (RFC 8829 section 5.3, RFC 9725 section 4.2): ICE-lite, one m-section
 * per offered one in the same order; the accepted audio and data sections bundled on our transport (credentials,
 * host candidates, fingerprints and {@code a=setup:passive} in each), everything else rejected with port 0.
 */
public final class AnswerWriter {
    /** Header extensions the receiver uses; others the client offered are left out of the answer (not used). */
    public static final Set<String> ANSWERED_EXTENSIONS = Set.of("urn:ietf:params:rtp-hdrext:sdes:mid",
            "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
    public static final int SCTP_PORT = 5000;

    private AnswerWriter() {
    }

    /**
     * @param sessionId       the o= line's session id (digits; stays the same for the resource's life)
     * @param maxMessageSize  the largest data channel message we accept
     */
    public static String write(Offer offer, LocalTransport local, long sessionId, long maxMessageSize) {
        List<String> accepted = new ArrayList<>();
        accepted.add(offer.audio().mid());
        if (offer.data() != null) {
            accepted.add(offer.data().mid());
        }
        Candidate first = local.candidates().isEmpty() ? null : local.candidates().get(0);
        String ip = first == null ? "0.0.0.0" : first.ip();
        int port = first == null ? 9 : first.port();
        String ipVersion = ip.contains(":") ? "IP6" : "IP4";

        SdpWriter w = new SdpWriter()
                .line('v', "0")
                .line('o', "- " + Long.toUnsignedString(sessionId) + " 2 IN IP4 127.0.0.1")
                .line('s', "-")
                .line('t', "0 0")
                .attribute("ice-lite")
                .attribute("group", "BUNDLE " + String.join(" ", offer.sections().stream()
                        .map(MediaDescription::mid).filter(accepted::contains).toList()))
                .attribute("msid-semantic", " WMS");
        for (int i = 0; i < offer.sections().size(); i++) {
            MediaDescription m = offer.sections().get(i);
            if (i == offer.audio().index()) {
                AudioOffer a = offer.audio();
                w.line('m', "audio " + port + " " + m.proto() + " " + a.payloadType())
                        .line('c', "IN " + ipVersion + " " + ip);
                transport(w, a.mid(), local);
                w.attribute("recvonly").attribute("rtcp-mux");
                if (a.rtcpReducedSize()) {
                    w.attribute("rtcp-rsize");
                }
                w.attribute("rtpmap", a.payloadType() + " opus/48000/2")
                        .attribute("fmtp", a.payloadType() + " minptime=10;useinbandfec=1;maxplaybackrate="
                                + Router.OPUS_MAX_PLAYBACK_RATE);
                for (RtpExtension e : a.extensions()) {
                    if (ANSWERED_EXTENSIONS.contains(e.uri())) {
                        w.attribute("extmap", e.id() + " " + e.uri());
                    }
                }
            } else if (offer.data() != null && i == offer.data().index()) {
                w.line('m', "application " + port + " " + m.proto() + " webrtc-datachannel")
                        .line('c', "IN " + ipVersion + " " + ip);
                transport(w, offer.data().mid(), local);
                w.attribute("sctp-port", Integer.toString(SCTP_PORT))
                        .attribute("max-message-size", Long.toString(maxMessageSize));
            } else {
                // RFC 8829 5.3.1 / RFC 3264 6: a rejected section keeps its media, proto and formats, with port 0.
                w.line('m', m.media() + " 0 " + m.proto() + " " + String.join(" ", m.formats()))
                        .line('c', "IN IP4 0.0.0.0")
                        .attribute("mid", m.mid())
                        .attribute("inactive");
            }
        }
        return w.toString();
    }

    /**
     * The 200 answer to an ICE restart PATCH (RFC 9725 section 4.3.2): our new credentials and our candidates, for
     * the audio section's mid.
     */
    public static String restartFragment(LocalTransport local, String audioMid) {
        SdpWriter w = new SdpWriter()
                .attribute("ice-lite")
                .attribute("ice-ufrag", local.iceUfrag())
                .attribute("ice-pwd", local.icePwd())
                .line('m', "audio 9 UDP/TLS/RTP/SAVPF 0")
                .attribute("mid", audioMid);
        for (Candidate c : local.candidates()) {
            w.attribute("candidate", c.text());
        }
        return w.attribute("end-of-candidates").toString();
    }

    private static void transport(SdpWriter w, String mid, LocalTransport local) {
        w.attribute("mid", mid)
                .attribute("ice-ufrag", local.iceUfrag())
                .attribute("ice-pwd", local.icePwd());
        for (Fingerprint f : local.fingerprints()) {
            w.attribute("fingerprint", f.algorithm() + " " + f.value());
        }
        w.attribute("setup", SetupRole.PASSIVE.wire());
        for (Candidate c : local.candidates()) {
            w.attribute("candidate", c.text());
        }
        w.attribute("end-of-candidates");
    }

    /** Opus format parameters of the answer, as a map (for the producer's codec parameters). */
    public static Map<String, Object> opusParameters() {
        return Map.of("minptime", 10, "useinbandfec", 1, "maxplaybackrate", Router.OPUS_MAX_PLAYBACK_RATE);
    }
}
