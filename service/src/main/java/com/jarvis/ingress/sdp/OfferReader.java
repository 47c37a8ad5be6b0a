package com.jarvis.ingress.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a parsed offer into an {@link Offer}, checking what this service requires (RFC 9725 section 4.2, RFC
 * 8829): {@code a=group:BUNDLE}, a mid on every m-section, one sending audio section with Opus/48000/2 and
 * {@code a=rtcp-mux}, ICE credentials, at least one DTLS fingerprint, setup {@code actpass} or {@code active}.
 * Other audio sections and video are accepted as offered but rejected in the answer. Stateless.
 */
public final class OfferReader {
    static final int MAX_FINGERPRINTS = 8;
    static final int MAX_EXTENSIONS = 32;

    private OfferReader() {
    }

    /** Parses and reads an offer in one step. */
    public static Offer read(String sdp) {
        return read(SdpParser.parse(sdp));
    }

    public static Offer read(SessionDescription sdp) {
        if (sdp.media().isEmpty()) {
            throw SdpException.unacceptable("the offer has no m-section: it must offer audio");
        }
        Set<String> mids = new HashSet<>();
        for (int i = 0; i < sdp.media().size(); i++) {
            String mid = sdp.media().get(i).mid();
            if (mid == null || mid.isEmpty()) {
                throw SdpException.unacceptable("m-section " + i + " has no a=mid (RFC 8843 needs one on every section)");
            }
            if (!mids.add(mid)) {
                throw SdpException.malformed("a=mid:" + mid + " appears on two m-sections");
            }
        }
        List<String> bundle = bundleGroup(sdp);
        AudioOffer audio = null;
        DataOffer data = null;
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaDescription m = sdp.media().get(i);
            if (m.port() == 0 || !bundle.contains(m.mid())) {
                continue;
            }
            if (audio == null && m.media().equals("audio") && isSrtp(m.proto()) && sends(m)) {
                audio = audio(i, m);
            } else if (data == null && m.media().equals("application") && isDataChannel(m)) {
                data = data(i, m);
            }
        }
        if (audio == null) {
            throw SdpException.unacceptable("the offer has no audio m-section this service can receive: it needs "
                    + "m=audio with UDP/TLS/RTP/SAVPF, a sending direction (sendonly or sendrecv), opus/48000/2, "
                    + "and its mid in a=group:BUNDLE");
        }
        if (!sdp.media().get(audio.index()).has("rtcp-mux")) {
            throw SdpException.unacceptable("the audio m-section must have a=rtcp-mux (RTP and RTCP on one port)");
        }
        MediaDescription tagged = taggedSection(sdp, bundle);
        String ufrag = transportAttribute(sdp, tagged, "ice-ufrag");
        String pwd = transportAttribute(sdp, tagged, "ice-pwd");
        if (ufrag == null || pwd == null) {
            throw SdpException.unacceptable("the offer has no a=ice-ufrag and a=ice-pwd");
        }
        checkIce(ufrag, pwd);
        List<Fingerprint> fingerprints = fingerprints(tagged.has("fingerprint")
                ? tagged.attributes("fingerprint") : sdp.attributes("fingerprint"));
        String setupText = transportAttribute(sdp, tagged, "setup");
        // RFC 4145: no a=setup means active.
        SetupRole setup = setupText == null ? SetupRole.ACTIVE : SetupRole.parse(setupText);
        if (setup == SetupRole.PASSIVE || setup == SetupRole.HOLDCONN) {
            throw SdpException.unacceptable("a=setup:" + setup.wire() + " is not supported: an offer must say "
                    + "a=setup:actpass (RFC 8842), and this server answers passive");
        }
        return new Offer(ufrag, pwd, fingerprints, setup, audio, data, sdp.media());
    }

    /** Reads a PATCH body: its credentials and candidate count (their addresses are not used: see docs/whip.md). */
    public static TrickleFragment readFragment(String text) {
        SessionDescription frag = SdpParser.parseFragment(text);
        String ufrag = frag.attribute("ice-ufrag");
        String pwd = frag.attribute("ice-pwd");
        int candidates = frag.attributes("candidate").size();
        boolean end = frag.has("end-of-candidates");
        String mid = frag.media().isEmpty() ? null : frag.media().get(0).mid();
        for (MediaDescription m : frag.media()) {
            if (ufrag == null) {
                ufrag = m.attribute("ice-ufrag");
            }
            if (pwd == null) {
                pwd = m.attribute("ice-pwd");
            }
            candidates += m.attributes("candidate").size();
            end |= m.has("end-of-candidates");
        }
        if (ufrag != null || pwd != null) {
            if (ufrag == null || pwd == null) {
                throw SdpException.malformed("the fragment must have both a=ice-ufrag and a=ice-pwd, or neither");
            }
            checkIce(ufrag, pwd);
        }
        return new TrickleFragment(ufrag, pwd, mid, candidates, end);
    }

    private static List<String> bundleGroup(SessionDescription sdp) {
        for (String group : sdp.attributes("group")) {
            String[] parts = group.split(" ");
            if (parts[0].equals("BUNDLE") && parts.length > 1) {
                return List.of(parts).subList(1, parts.length);
            }
        }
        throw SdpException.unacceptable("the offer must bundle its media: a=group:BUNDLE is required "
                + "(RTCPeerConnection bundlePolicy max-bundle, webrtcbin bundle-policy=max-bundle)");
    }

    /** The first section of the BUNDLE group that exists: it carries the transport's attributes (RFC 8843). */
    private static MediaDescription taggedSection(SessionDescription sdp, List<String> bundle) {
        for (String mid : bundle) {
            for (MediaDescription m : sdp.media()) {
                if (mid.equals(m.mid()) && m.port() != 0) {
                    return m;
                }
            }
        }
        throw SdpException.unacceptable("a=group:BUNDLE names no m-section of the offer");
    }

    private static String transportAttribute(SessionDescription sdp, MediaDescription tagged, String name) {
        String v = tagged.attribute(name);
        return v != null ? v : sdp.attribute(name);
    }

    private static boolean isSrtp(String proto) {
        return proto.equals("UDP/TLS/RTP/SAVPF") || proto.equals("TCP/TLS/RTP/SAVPF")
                || proto.equals("UDP/TLS/RTP/SAVP");
    }

    private static boolean isDataChannel(MediaDescription m) {
        return (m.proto().equals("UDP/DTLS/SCTP") || m.proto().equals("TCP/DTLS/SCTP"))
                && m.formats().size() == 1 && m.formats().get(0).equals("webrtc-datachannel");
    }

    private static boolean sends(MediaDescription m) {
        return m.has("sendonly") || m.has("sendrecv")
                || !(m.has("recvonly") || m.has("inactive"));
    }

    private static AudioOffer audio(int index, MediaDescription m) {
        Integer pt = null;
        int channels = 2;
        for (String rtpmap : m.attributes("rtpmap")) {
            // <pt> <encoding>/<clock>[/<channels>]
            int sp = rtpmap.indexOf(' ');
            if (sp < 0) {
                throw SdpException.malformed("a=rtpmap:" + rtpmap + " is not <pt> <encoding>/<clock rate>");
            }
            String[] enc = rtpmap.substring(sp + 1).split("/");
            int payloadType = payloadType(rtpmap.substring(0, sp));
            if (enc.length >= 2 && enc[0].toLowerCase(Locale.ROOT).equals("opus") && enc[1].equals("48000")
                    && (enc.length == 2 || enc[2].equals("2")) && m.formats().contains(Integer.toString(payloadType))) {
                pt = payloadType;
                break;
            }
        }
        if (pt == null) {
            return null;
        }
        Map<String, String> fmtp = new LinkedHashMap<>();
        for (String f : m.attributes("fmtp")) {
            if (f.startsWith(pt + " ")) {
                for (String kv : f.substring(f.indexOf(' ') + 1).split(";")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0 && fmtp.size() < 32) {
                        fmtp.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                    }
                }
            }
        }
        Long ssrc = null;
        String cname = null;
        for (String s : m.attributes("ssrc")) {
            int sp = s.indexOf(' ');
            long value = ssrcValue(sp < 0 ? s : s.substring(0, sp));
            if (ssrc == null) {
                ssrc = value;
            }
            if (value == ssrc && sp > 0 && s.startsWith("cname:", sp + 1)) {
                cname = s.substring(sp + 7);
            }
        }
        List<RtpExtension> extensions = new ArrayList<>();
        for (String e : m.attributes("extmap")) {
            if (extensions.size() == MAX_EXTENSIONS) {
                throw SdpException.malformed("more than " + MAX_EXTENSIONS + " a=extmap in the audio section");
            }
            String[] parts = e.split(" ");
            String idText = parts[0];
            int slash = idText.indexOf('/');
            if (slash >= 0) {
                idText = idText.substring(0, slash); // <id>/<direction>
            }
            int id = smallInt(idText, "a=extmap id");
            if (parts.length < 2 || id < 1 || id > 255) {
                throw SdpException.malformed("a=extmap:" + shorten(e) + " is not <id 1-255> <uri>");
            }
            extensions.add(new RtpExtension(id, parts[1]));
        }
        return new AudioOffer(index, m.mid(), pt, channels, fmtp, ssrc, cname, extensions, m.has("rtcp-rsize"));
    }

    private static DataOffer data(int index, MediaDescription m) {
        String port = m.attribute("sctp-port");
        String max = m.attribute("max-message-size");
        int sctpPort = port == null ? 5000 : smallInt(port, "a=sctp-port");
        if (sctpPort < 1 || sctpPort > 65535) {
            throw SdpException.malformed("a=sctp-port must be 1-65535");
        }
        long maxMessageSize = 65536;
        if (max != null) {
            if (max.isEmpty() || max.length() > 12 || !max.chars().allMatch(Character::isDigit)) {
                throw SdpException.malformed("a=max-message-size must be a number");
            }
            maxMessageSize = Long.parseLong(max);
        }
        return new DataOffer(index, m.mid(), m.proto(), sctpPort, maxMessageSize);
    }

    private static List<Fingerprint> fingerprints(List<String> values) {
        if (values.isEmpty()) {
            throw SdpException.unacceptable("the offer has no a=fingerprint: DTLS-SRTP needs the client's "
                    + "certificate fingerprint (RFC 8842)");
        }
        if (values.size() > MAX_FINGERPRINTS) {
            throw SdpException.malformed("more than " + MAX_FINGERPRINTS + " a=fingerprint lines");
        }
        List<Fingerprint> out = new ArrayList<>();
        for (String v : values) {
            String[] parts = v.trim().split(" +");
            if (parts.length != 2) {
                throw SdpException.malformed("a=fingerprint must be '<hash> <hex pairs>', got '" + shorten(v) + "'");
            }
            out.add(new Fingerprint(parts[0], parts[1]));
        }
        return out;
    }

    /** RFC 8839: ice-ufrag 4-256 and ice-pwd 22-256 ice-chars (ALPHA / DIGIT / "+" / "/"). */
    private static void checkIce(String ufrag, String pwd) {
        if (!iceChars(ufrag, 4) || !iceChars(pwd, 22)) {
            throw SdpException.malformed("a=ice-ufrag must be 4-256 and a=ice-pwd 22-256 characters of "
                    + "letters, digits, '+' and '/' (RFC 8839)");
        }
    }

    private static boolean iceChars(String s, int min) {
        if (s.length() < min || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    private static int payloadType(String text) {
        int pt = smallInt(text, "payload type");
        if (pt > 127) {
            throw SdpException.malformed("payload type " + pt + " is not 0-127");
        }
        return pt;
    }

    private static long ssrcValue(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            throw SdpException.malformed("a=ssrc id must be a number 0-4294967295");
        }
        long v = Long.parseLong(text);
        if (v > 0xffffffffL) {
            throw SdpException.malformed("a=ssrc id must be a number 0-4294967295");
        }
        return v;
    }

    private static int smallInt(String text, String what) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw SdpException.malformed(what + " must be a number, got '" + shorten(text) + "'");
        }
        return Integer.parseInt(text);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
