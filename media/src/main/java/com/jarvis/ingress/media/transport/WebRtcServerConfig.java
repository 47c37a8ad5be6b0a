package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.dtls.DtlsConfig;
import com.jarvis.ingress.media.ice.IceLiteServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link WebRtcServer}.
 *
 * <p>Candidates advertise {@link #candidateIp()}: the announced IP when set (a public address behind NAT), else the
 * listen IP, else (listening on {@code 0.0.0.0}) the first IPv4 address that is up, not loopback and not
 * link-local, taking interfaces by ascending index and their addresses in textual order, else {@code 127.0.0.1}.
 *
 * @param listenIp             address the sockets bind ({@code 0.0.0.0} for all)
 * @param announcedIp          address written into candidates, or null
 * @param minPort              single-port mode: the one UDP and TCP port (0 lets the OS pick each);
 *                             per-transport mode: first port of the range
 * @param maxPort              last port of the range (per-transport mode)
 * @param enableUdp            offer a UDP candidate
 * @param enableTcp            offer a passive TCP candidate (RFC 4571 framing)
 * @param singlePort           true: all transports share one UDP and one TCP socket; false: each transport binds
 *                             its own UDP+TCP pair on one port of the range, freed on close
 * @param consentTimeoutMillis ICE consent timeout (10-60 s); the transport closes when it expires
 * @param dtls                 DTLS tunables
 * @param maxTransports        transports open at once
 * @param handshakeThreads     threads of the bounded DTLS handshake pool
 * @param connectTimeoutMillis a transport not connected (ICE, connect, DTLS) this long after its creation is closed
 *                             ({@link CloseReason#CONNECT_TIMEOUT}), freeing its capacity slot and port (1-120 s)
 */
public record WebRtcServerConfig(String listenIp, String announcedIp, int minPort, int maxPort, boolean enableUdp,
        boolean enableTcp, boolean singlePort, long consentTimeoutMillis, DtlsConfig dtls, int maxTransports,
        int handshakeThreads, long connectTimeoutMillis) {
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = IceLiteServer.DEFAULT_CONSENT_TIMEOUT_MILLIS;
    public static final long MIN_CONNECT_TIMEOUT_MILLIS = 1_000;
    public static final long MAX_CONNECT_TIMEOUT_MILLIS = 120_000;

    public WebRtcServerConfig {
        Objects.requireNonNull(listenIp, "listenIp");
        Objects.requireNonNull(dtls, "dtls");
        if (!enableUdp && !enableTcp) {
            throw new IllegalArgumentException("enable UDP, TCP or both");
        }
        if (minPort < 0 || maxPort > 65_535 || maxPort < minPort) {
            throw new IllegalArgumentException("need 0 <= minPort <= maxPort <= 65535");
        }
        if (!singlePort && minPort == 0) {
            throw new IllegalArgumentException("per-transport ports need a port range (minPort > 0)");
        }
        if (consentTimeoutMillis < IceLiteServer.MIN_CONSENT_TIMEOUT_MILLIS
                || consentTimeoutMillis > IceLiteServer.MAX_CONSENT_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("consent timeout must be 10-60 s");
        }
        if (maxTransports < 1 || handshakeThreads < 1) {
            throw new IllegalArgumentException("maxTransports and handshakeThreads must be positive");
        }
        if (connectTimeoutMillis < MIN_CONNECT_TIMEOUT_MILLIS || connectTimeoutMillis > MAX_CONNECT_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("connect timeout must be 1-120 s");
        }
    }

    /**
     * 0.0.0.0, no announced IP, single port 44444 (range 44444-44444), UDP and TCP, 30 s consent, default DTLS,
     * 1000 transports, 16 handshake threads, 30 s to connect.
     */
    public static WebRtcServerConfig defaults() {
        return new WebRtcServerConfig("0.0.0.0", null, 44_444, 44_444, true, true, true,
                IceLiteServer.DEFAULT_CONSENT_TIMEOUT_MILLIS, DtlsConfig.defaults(), 1_000, 16,
                DEFAULT_CONNECT_TIMEOUT_MILLIS);
    }

    public WebRtcServerConfig withListenIp(String ip) {
        return new WebRtcServerConfig(ip, announcedIp, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis);
    }

    public WebRtcServerConfig withAnnouncedIp(String ip) {
        return new WebRtcServerConfig(listenIp, ip, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis);
    }

    public WebRtcServerConfig withPorts(int min, int max) {
        return new WebRtcServerConfig(listenIp, announcedIp, min, max, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis);
    }

    public WebRtcServerConfig withProtocols(boolean udp, boolean tcp) {
        return new WebRtcServerConfig(listenIp, announcedIp, minPort, maxPort, udp, tcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis);
    }

    public WebRtcServerConfig withSinglePort(boolean single) {
        return new WebRtcServerConfig(listenIp, announcedIp, minPort, maxPort, enableUdp, enableTcp, single,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis);
    }

    public WebRtcServerConfig withConsentTimeoutMillis(long millis) {
        return new WebRtcServerConfig(listenIp, announcedIp, minPort, maxPort, enableUdp, enableTcp, singlePort,
                millis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis);
    }

    public WebRtcServerConfig withDtls(DtlsConfig config) {
        return new WebRtcServerConfig(listenIp, announcedIp, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, config, maxTransports, handshakeThreads, connectTimeoutMillis);
    }

    public WebRtcServerConfig withMaxTransports(int max) {
        return new WebRtcServerConfig(listenIp, announcedIp, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, max, handshakeThreads, connectTimeoutMillis);
    }

    public WebRtcServerConfig withConnectTimeoutMillis(long millis) {
        return new WebRtcServerConfig(listenIp, announcedIp, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, millis);
    }

    /** The IP candidates advertise; see the class comment for the rule. */
    public String candidateIp() {
        if (announcedIp != null && !announcedIp.isBlank()) {
            return announcedIp.trim();
        }
        if (!isWildcard(listenIp)) {
            return listenIp;
        }
        return firstNonLoopbackIpv4();
    }

    private static boolean isWildcard(String ip) {
        try {
            return InetAddress.getByName(ip).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String firstNonLoopbackIpv4() {
        try {
            List<NetworkInterface> interfaces = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
            interfaces.sort(Comparator.comparingInt(NetworkInterface::getIndex));
            for (NetworkInterface nif : interfaces) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                List<String> candidates = new ArrayList<>();
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        candidates.add(a.getHostAddress());
                    }
                }
                if (!candidates.isEmpty()) {
                    Collections.sort(candidates);
                    return candidates.get(0);
                }
            }
        } catch (SocketException e) {
            // no interface list: fall through to loopback
        }
        return "127.0.0.1";
    }
}
