package com.jarvis.ingress.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict parser of SDP documents (RFC 8866) and trickle-ICE fragments (RFC 8840 {@code
 * application/trickle-ice-sdpfrag}). Strict where leniency would only help an attacker or hide a client bug: the
 * document starts with {@code v=0}, every line is {@code <letter>=<value>} with a type letter RFC 8866 defines,
 * no control characters, every bound of {@link SdpLimits} holds. Lines end with CRLF or LF (both are seen in the
 * wild). Stateless and thread-safe; never throws anything but {@link SdpException}.
 */
public final class SdpParser {
    private static final String SESSION_LETTERS = "vosiuepcbtrzka";
    private static final String MEDIA_LETTERS = "icbka";

    private SdpParser() {
    }

    /** Parses a whole SDP document (an offer). */
    public static SessionDescription parse(String text) {
        List<String> lines = lines(text);
        if (lines.isEmpty() || !lines.get(0).equals("v=0")) {
            throw SdpException.malformed("SDP must start with the line v=0");
        }
        return build(lines, false);
    }

    /** Parses a trickle-ICE fragment: only {@code a=} and {@code m=} lines (RFC 8840 section 9.2). */
    public static SessionDescription parseFragment(String text) {
        return build(lines(text), true);
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            throw SdpException.malformed("SDP body is empty");
        }
        if (text.length() > SdpLimits.MAX_CHARS) {
            throw SdpException.malformed("SDP is longer than " + SdpLimits.MAX_CHARS + " characters");
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? n : end + 1;
            if (end < 0) {
                end = n;
            }
            if (end > start && text.charAt(end - 1) == '\r') {
                end--;
            }
            if (end - start > SdpLimits.MAX_LINE) {
                throw SdpException.malformed("line " + (lines.size() + 1) + " is longer than " + SdpLimits.MAX_LINE
                        + " characters");
            }
            String line = text.substring(start, end);
            if (line.isEmpty()) {
                // Only a last, empty line (a trailing line break) is tolerated.
                if (next < n) {
                    throw SdpException.malformed("line " + (lines.size() + 1) + " is empty");
                }
            } else {
                if (lines.size() == SdpLimits.MAX_LINES) {
                    throw SdpException.malformed("SDP has more than " + SdpLimits.MAX_LINES + " lines");
                }
                lines.add(line);
            }
            start = next;
        }
        if (lines.isEmpty()) {
            throw SdpException.malformed("SDP body is empty");
        }
        return lines;
    }

    private static SessionDescription build(List<String> lines, boolean fragment) {
        String origin = null;
        List<Attribute> session = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        MediaBuilder current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            checkCharacters(line, number);
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw SdpException.malformed("line " + number + " is not <type>=<value>: " + shorten(line));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (fragment && type != 'a' && type != 'm') {
                throw SdpException.malformed("line " + number + ": a trickle-ICE fragment has only a= and m= lines");
            }
            if (type == 'm') {
                if (media.size() + (current == null ? 0 : 1) == SdpLimits.MAX_MEDIA) {
                    throw SdpException.malformed("SDP has more than " + SdpLimits.MAX_MEDIA + " m-sections");
                }
                if (current != null) {
                    media.add(current.build());
                }
                current = new MediaBuilder(mediaLine(value, number));
                continue;
            }
            String allowed = current == null ? SESSION_LETTERS : MEDIA_LETTERS;
            if (allowed.indexOf(type) < 0) {
                throw SdpException.malformed("line " + number + ": '" + type + "=' is not allowed "
                        + (current == null ? "at session level" : "in an m-section"));
            }
            switch (type) {
                case 'v' -> {
                    if (i != 0) {
                        throw SdpException.malformed("line " + number + ": v= must be the first line only");
                    }
                }
                case 'o' -> {
                    if (origin != null) {
                        throw SdpException.malformed("line " + number + ": more than one o= line");
                    }
                    origin = value;
                }
                case 'a' -> {
                    List<Attribute> into = current == null ? session : current.attributes;
                    if (into.size() == SdpLimits.MAX_ATTRIBUTES) {
                        throw SdpException.malformed("line " + number + ": more than " + SdpLimits.MAX_ATTRIBUTES
                                + " attributes in one section");
                    }
                    into.add(attribute(value, number));
                }
                case 'c' -> {
                    if (current != null) {
                        current.connection = value;
                    }
                }
                default -> {
                    // s, i, u, e, p, b, t, r, z, k: nothing an ICE/DTLS answer needs.
                }
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        if (!fragment && origin == null) {
            throw SdpException.malformed("SDP has no o= line");
        }
        return new SessionDescription(origin, session, media);
    }

    private static void checkCharacters(String line, int number) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw SdpException.malformed("line " + number + " contains control character 0x"
                        + Integer.toHexString(c));
            }
        }
    }

    private static Attribute attribute(String value, int number) {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        if (!isToken(name)) {
            throw SdpException.malformed("line " + number + ": invalid attribute name '" + shorten(name) + "'");
        }
        return new Attribute(name, colon < 0 ? null : value.substring(colon + 1));
    }

    private static MediaDescription mediaLine(String value, int number) {
        String[] parts = value.split(" ", -1);
        if (parts.length < 4) {
            throw SdpException.malformed("line " + number + ": m= needs <media> <port> <proto> <fmt>...");
        }
        if (parts.length - 3 > SdpLimits.MAX_FORMATS) {
            throw SdpException.malformed("line " + number + ": more than " + SdpLimits.MAX_FORMATS + " formats");
        }
        for (String p : parts) {
            if (!isTokenOrProto(p)) {
                throw SdpException.malformed("line " + number + ": invalid m= field '" + shorten(p) + "'");
            }
        }
        String portText = parts[1];
        int slash = portText.indexOf('/');
        if (slash >= 0) {
            portText = portText.substring(0, slash); // <port>/<number of ports>
        }
        int port;
        try {
            port = portText.length() > 5 ? -1 : Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw SdpException.malformed("line " + number + ": invalid m= port '" + shorten(parts[1]) + "'");
        }
        return new MediaDescription(parts[0], port, parts[2], List.of(parts).subList(3, parts.length), null,
                List.of());
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`{|}~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** m= fields: tokens, plus '/' inside proto (UDP/TLS/RTP/SAVPF) and port/count. */
    private static boolean isTokenOrProto(String s) {
        return !s.isEmpty() && isToken(s.replace('/', '-'));
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static final class MediaBuilder {
        final MediaDescription line;
        final List<Attribute> attributes = new ArrayList<>();
        String connection;

        MediaBuilder(MediaDescription line) {
            this.line = line;
        }

        MediaDescription build() {
            return new MediaDescription(line.media(), line.port(), line.proto(), line.formats(), connection,
                    attributes);
        }
    }
}
