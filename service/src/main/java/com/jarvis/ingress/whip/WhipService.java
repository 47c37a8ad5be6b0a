package com.jarvis.ingress.whip;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.transport.IceCandidate;
import com.jarvis.ingress.media.transport.IceParameters;
import com.jarvis.ingress.media.transport.InvalidRtpParametersException;
import com.jarvis.ingress.media.transport.Router;
import com.jarvis.ingress.media.transport.RtcpParameters;
import com.jarvis.ingress.media.transport.RtpCodecParameters;
import com.jarvis.ingress.media.transport.RtpEncodingParameters;
import com.jarvis.ingress.media.transport.RtpHeaderExtensionParameters;
import com.jarvis.ingress.media.transport.RtpParameters;
import com.jarvis.ingress.sdp.AnswerWriter;
import com.jarvis.ingress.sdp.AudioOffer;
import com.jarvis.ingress.sdp.Candidate;
import com.jarvis.ingress.sdp.Fingerprint;
import com.jarvis.ingress.sdp.LocalTransport;
import com.jarvis.ingress.sdp.Offer;
import com.jarvis.ingress.sdp.OfferReader;
import com.jarvis.ingress.sdp.RtpExtension;
import com.jarvis.ingress.sdp.SdpException;
import com.jarvis.ingress.sdp.TrickleFragment;
import com.jarvis.ingress.session.CreateSession;
import com.jarvis.ingress.session.Session;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.webrtc.TransportOptions;
import com.jarvis.ingress.webrtc.WebRtcService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * WHIP (RFC 9725) on top of the mediasoup-style signalling: an SDP offer becomes exactly the calls a
 * mediasoup-client makes — session (existing or new) → transport/create → transport/connect with the offer's
 * fingerprints → producer/create with the offer's payload type, SSRC and header extension ids — so a WHIP session
 * is, to the rest of the service, a session like any other (stats, ASR, recording, connect deadline, per-user cap).
 * The offer is parsed and checked completely before anything is allocated. The WHIP resource is the session: its
 * id is the session id, its entity-tag the transport's current ICE ufrag (so it changes with an ICE restart and
 * with a new transport), and no state of its own is kept.
 */
@Service
public class WhipService {
    private static final Router ROUTER = new Router();

    private final WebRtcService webrtc;
    private final SessionService sessions;
    private final SecureRandom random = new SecureRandom();

    public WhipService(WebRtcService webrtc, SessionService sessions) {
        this.webrtc = webrtc;
        this.sessions = sessions;
    }

    /**
     * Answers an offer: into {@code sessionId} (the caller's open session) or, when null, a new session with the
     * default audio config.
     *
     * @throws SdpException for an offer that is malformed (400) or that this service cannot answer (422); nothing
     *     was allocated
     */
    public WhipAnswer publish(AuthenticatedDevice caller, UUID sessionId, String sdp) {
        Offer offer = OfferReader.read(sdp);
        List<DtlsFingerprint> fingerprints = dtlsFingerprints(offer.fingerprints());
        RtpParameters rtp = rtpParameters(offer.audio());
        try {
            ROUTER.validate("audio", rtp);
        } catch (InvalidRtpParametersException e) {
            throw new SdpException(SdpException.Problem.UNACCEPTABLE, "the audio section: " + e.getMessage());
        }
        boolean created = sessionId == null;
        UUID id = sessionId;
        if (created) {
            Session session = sessions.create(caller, CreateSession.DEFAULTS);
            id = session.id();
        }
        try {
            TransportOptions options = webrtc.createTransport(caller, id);
            // Client actpass/active: it is the DTLS client, we answer a=setup:passive.
            webrtc.connect(caller, id, DtlsRole.CLIENT, fingerprints);
            webrtc.produce(caller, id, "audio", rtp);
            String answer = AnswerWriter.write(offer, local(options.iceParameters(), options),
                    random.nextLong() & Long.MAX_VALUE, options.sctpParameters().maxMessageSize());
            return new WhipAnswer(id, created, answer, etag(options.iceParameters()));
        } catch (RuntimeException e) {
            if (created) {
                // The session exists only for this offer: ending it closes the transport and frees its slot.
                sessions.end(caller, id);
            }
            throw e;
        }
    }

    /** DELETE on the resource: ends the session (which closes its transport, as DELETE /api/session/:id does). */
    public void delete(AuthenticatedDevice caller, UUID sessionId) {
        sessions.end(caller, sessionId); // 404 for an unknown or foreign session, as everywhere
    }

    /**
     * PATCH on the resource (RFC 9725 section 4.3). {@code If-Match: *} with new credentials is an ICE restart: new
     * local credentials, answered with their fragment and a new entity-tag. {@code If-Match: <current tag>} is a
     * trickle fragment: checked and acknowledged; its candidates are not needed, an ICE-lite server learns the
     * client's addresses from the checks the client sends.
     */
    public PatchOutcome patch(AuthenticatedDevice caller, UUID sessionId, String ifMatch, String body) {
        TransportOptions current = webrtc.transportOptions(caller, sessionId);
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new WhipPreconditionException(true, "PATCH needs If-Match: the resource's ETag for trickle ICE, "
                    + "or * for an ICE restart");
        }
        TrickleFragment fragment = OfferReader.readFragment(body);
        if (ifMatch.trim().equals("*")) {
            if (fragment.iceUfrag() == null) {
                throw new SdpException(SdpException.Problem.MALFORMED,
                        "an ICE restart (If-Match: *) needs the client's new a=ice-ufrag and a=ice-pwd");
            }
            IceParameters fresh = webrtc.restartIce(caller, sessionId);
            String mid = fragment.mid() == null ? "0" : fragment.mid();
            return new PatchOutcome(AnswerWriter.restartFragment(local(fresh, current), mid), etag(fresh));
        }
        if (!matches(ifMatch, etag(current.iceParameters()))) {
            throw new WhipPreconditionException(false, "If-Match does not name this resource's current ICE session "
                    + "(it changed with an ICE restart or a new offer)");
        }
        return PatchOutcome.TRICKLE_ACCEPTED;
    }

    static String etag(IceParameters ice) {
        return "\"" + ice.usernameFragment() + "\"";
    }

    private static boolean matches(String ifMatch, String etag) {
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2); // weak comparison is fine for a PATCH precondition on ICE state
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static List<DtlsFingerprint> dtlsFingerprints(List<Fingerprint> offered) {
        List<DtlsFingerprint> out = new ArrayList<>();
        for (Fingerprint f : offered) {
            try {
                out.add(DtlsFingerprint.parse(f.algorithm(), f.value()));
            } catch (IllegalArgumentException e) {
                throw new SdpException(SdpException.Problem.MALFORMED, "a=fingerprint: " + e.getMessage());
            }
        }
        return out;
    }

    static RtpParameters rtpParameters(AudioOffer audio) {
        Map<String, Object> fmtp = new LinkedHashMap<>(audio.fmtp());
        RtpCodecParameters codec = new RtpCodecParameters(Router.OPUS_MIME_TYPE, audio.payloadType(),
                Router.OPUS_CLOCK_RATE, audio.channels(), fmtp, List.of());
        List<RtpHeaderExtensionParameters> extensions = new ArrayList<>();
        for (RtpExtension e : audio.extensions()) {
            if (AnswerWriter.ANSWERED_EXTENSIONS.contains(e.uri())) {
                extensions.add(new RtpHeaderExtensionParameters(e.uri(), e.id(), false, Map.of()));
            }
        }
        return new RtpParameters(audio.mid(), List.of(codec), extensions,
                List.of(new RtpEncodingParameters(audio.ssrc(), null)),
                new RtcpParameters(audio.cname(), audio.rtcpReducedSize()));
    }

    private static LocalTransport local(IceParameters ice, TransportOptions options) {
        List<Candidate> candidates = new ArrayList<>();
        for (IceCandidate c : options.iceCandidates()) {
            candidates.add(new Candidate(c.foundation(), c.protocol(), c.priority(), c.ip(), c.port(), c.tcpType()));
        }
        List<Fingerprint> fingerprints = options.dtlsParameters().fingerprints().stream()
                .map(f -> new Fingerprint(f.algorithm(), f.value())).toList();
        return new LocalTransport(ice.usernameFragment(), ice.password(), candidates, fingerprints);
    }
}
