package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.config.DurationText;
import com.jarvis.ingress.config.EnvReader;
import com.jarvis.ingress.media.stun.StunServerConfig;
import com.jarvis.ingress.media.transport.WebRtcServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * NAT traversal settings: the built-in STUN server's port (STUN_PORT, 0 = off) and coturn's TURN REST credentials
 * (TURN_SECRET: one or more shared secrets, the first mints; TURN_URLS: the relay's {@code turn:}/{@code turns:}
 * URLs; TURN_TTL: how long a minted credential is valid). Secrets are kept out of {@link #toString()}.
 */
public record IceServersConfig(int stunPort, List<String> turnSecrets, List<String> turnUrls, Duration turnTtl) {
    /** Below this a secret is refused in production (a guessable secret lets anyone mint relay credentials). */
    static final int MIN_TURN_SECRET_BYTES = 32;
    static final Duration DEFAULT_TURN_TTL = Duration.ofDays(1);
    static final Duration MIN_TURN_TTL = Duration.ofMinutes(1);
    static final Duration MAX_TURN_TTL = Duration.ofDays(7);
    static final int MAX_TURN_SECRETS = 8;
    static final int MAX_TURN_URLS = 8;
    /**
     * RFC 7065: {@code turn:} or {@code turns:}, a host name, IPv4 address or bracketed IPv6 address, an optional
     * port, an optional {@code ?transport=udp|tcp}.
     */
    private static final Pattern TURN_URL = Pattern.compile(
            "turns?:([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?(\\?transport=(udp|tcp))?");

    public IceServersConfig {
        turnSecrets = List.copyOf(turnSecrets);
        turnUrls = List.copyOf(turnUrls);
    }

    public boolean stunEnabled() {
        return stunPort != 0;
    }

    public boolean turnEnabled() {
        return !turnSecrets.isEmpty();
    }

    /** Reads and checks every variable, reporting all problems at once; {@code warnings} gets what is allowed outside production. */
    public static IceServersConfig load(Function<String, String> env, List<String> warnings) {
        EnvReader r = new EnvReader(env);
        int stunPort = r.integer("STUN_PORT", StunServerConfig.DEFAULT_PORT, 0, 65535);
        List<String> secrets = list(r.text("TURN_SECRET", null));
        List<String> urls = list(r.text("TURN_URLS", null));
        Duration ttl = DEFAULT_TURN_TTL;
        String ttlText = r.text("TURN_TTL", null);
        if (ttlText != null) {
            try {
                ttl = DurationText.parse(ttlText);
                if (ttl.compareTo(MIN_TURN_TTL) < 0 || ttl.compareTo(MAX_TURN_TTL) > 0) {
                    r.problem("TURN_TTL must be between 1m and 7d (got '" + ttlText + "')");
                }
            } catch (IllegalArgumentException e) {
                r.problem("TURN_TTL: " + e.getMessage());
            }
        }
        if (secrets.isEmpty() != urls.isEmpty()) {
            r.problem(secrets.isEmpty()
                    ? "TURN_URLS is set but TURN_SECRET is not: set both (coturn's static-auth-secret) or neither"
                    : "TURN_SECRET is set but TURN_URLS is not: set both (e.g. turn:turn.example.com:3478?transport=udp) or neither");
        }
        if (secrets.size() > MAX_TURN_SECRETS) {
            r.problem("TURN_SECRET lists " + secrets.size() + " secrets; at most " + MAX_TURN_SECRETS);
        }
        if (urls.size() > MAX_TURN_URLS) {
            r.problem("TURN_URLS lists " + urls.size() + " URLs; at most " + MAX_TURN_URLS);
        }
        for (String url : urls) {
            if (!TURN_URL.matcher(url).matches() || !portInRange(url)) {
                r.problem("TURN_URLS entry '" + url + "' is not a TURN URL such as turn:turn.example.com:3478?transport=udp"
                        + " or turns:turn.example.com:5349?transport=tcp");
            }
        }
        for (int i = 0; i < secrets.size(); i++) {
            int bytes = secrets.get(i).getBytes(StandardCharsets.UTF_8).length;
            if (bytes < MIN_TURN_SECRET_BYTES) {
                String msg = "TURN_SECRET secret " + (i + 1) + " is " + bytes + " bytes; at least " + MIN_TURN_SECRET_BYTES
                        + " are needed (e.g. openssl rand -hex 32)";
                if (r.production()) {
                    r.problem(msg);
                } else {
                    warnings.add(msg + " (accepted outside production, refused in production)");
                }
            }
        }
        r.throwIfProblems();
        return new IceServersConfig(stunPort, secrets, urls, ttl);
    }

    /**
     * The problem with STUN_PORT given the media ports, or null: it must not be a port the media plane binds
     * (RTC_MIN_PORT in single-port mode, RTC_MIN_PORT..RTC_MAX_PORT otherwise).
     */
    public String conflictWith(WebRtcServerConfig media) {
        if (!stunEnabled() || media.minPort() == 0) {
            return null;
        }
        int last = media.singlePort() ? media.minPort() : media.maxPort();
        if (stunPort >= media.minPort() && stunPort <= last) {
            return "STUN_PORT (" + stunPort + ") must not be one of the media ports (" + (media.singlePort()
                    ? "RTC_MIN_PORT " + media.minPort() : "RTC_MIN_PORT-RTC_MAX_PORT " + media.minPort() + "-" + last) + ")";
        }
        return null;
    }

    private static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static boolean portInRange(String url) {
        int q = url.indexOf('?');
        String hostPort = url.substring(url.indexOf(':') + 1, q < 0 ? url.length() : q);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.endsWith("]")) {
            return true;
        }
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    @Override
    public String toString() {
        return "IceServersConfig[stunPort=" + stunPort + ", turnSecrets=" + turnSecrets.size() + " configured, turnUrls="
                + turnUrls + ", turnTtl=" + turnTtl + "]";
    }
}
