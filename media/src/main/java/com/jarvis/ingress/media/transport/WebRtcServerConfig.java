package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.dtls.DtlsConfig;
import com.jarvis.ingress.media.ice.IceLiteServer;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link WebRtcServer}.
 *
 * <p>Each {@link ListenInfo} gets its own UDP socket and TCP listener on the media port(s) and its own candidates
 * (see {@link ListenInfo#candidateAddress()}), except that an entry whose address a wildcard entry already covers
 * shares the wildcard's sockets: {@code 0.0.0.0} covers every IPv4 entry, and {@code ::} covers every entry, IPv4
 * included, because Java's IPv6 sockets are always dual-stack.
 *
 * @param listenInfos          1-{@value #MAX_LISTEN_INFOS} addresses to bind, each with its announced address;
 *                             no two alike
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
 * @param handshakeThreads     DTLS handshake threads started up front and always kept; the pool adds one for each further handshake in
 *                             progress (at most one per transport), so stalled peers never hold up the others
 * @param connectTimeoutMillis a transport not connected (ICE, connect, DTLS) this long after its creation is closed
 *                             ({@link CloseReason#CONNECT_TIMEOUT}), freeing its capacity slot and port (1-120 s)
 * @param ioThreads            single-port mode: UDP sockets (and TCP listeners) bound to the one port with
 *                             {@code SO_REUSEPORT}, one I/O thread each, 1-{@value #MAX_IO_THREADS}; 1 where the
 *                             platform cannot share a port. Per-transport mode ignores it (one of each per transport)
 */
public record WebRtcServerConfig(List<ListenInfo> listenInfos, int minPort, int maxPort, boolean enableUdp,
        boolean enableTcp, boolean singlePort, long consentTimeoutMillis, DtlsConfig dtls, int maxTransports,
        int handshakeThreads, long connectTimeoutMillis, int ioThreads) {
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = IceLiteServer.DEFAULT_CONSENT_TIMEOUT_MILLIS;
    public static final long MIN_CONNECT_TIMEOUT_MILLIS = 1_000;
    public static final long MAX_CONNECT_TIMEOUT_MILLIS = 120_000;

    /** I/O threads (sockets per port) a server takes at most. */
    public static final int MAX_IO_THREADS = 64;

    /** Listen addresses a server takes at most. */
    public static final int MAX_LISTEN_INFOS = 8;

    public WebRtcServerConfig {
        listenInfos = List.copyOf(Objects.requireNonNull(listenInfos, "listenInfos"));
        if (listenInfos.isEmpty() || listenInfos.size() > MAX_LISTEN_INFOS) {
            throw new IllegalArgumentException("need 1-" + MAX_LISTEN_INFOS + " listen addresses");
        }
        if (new HashSet<>(listenInfos).size() != listenInfos.size()) {
            throw new IllegalArgumentException("listen addresses must not repeat: " + listenInfos);
        }
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
        if (ioThreads < 1 || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("I/O threads must be 1-" + MAX_IO_THREADS);
        }
    }

    /** One I/O thread per available processor (at most {@value #MAX_IO_THREADS}). */
    public static int defaultIoThreads() {
        return Math.min(MAX_IO_THREADS, Runtime.getRuntime().availableProcessors());
    }

    /**
     * 0.0.0.0, no announced address, single port 44444 (range 44444-44444), UDP and TCP, 30 s consent, default DTLS,
     * 1000 transports, 16 handshake threads, 30 s to connect, one I/O thread per available processor.
     */
    public static WebRtcServerConfig defaults() {
        return new WebRtcServerConfig(List.of(new ListenInfo("0.0.0.0", null)), 44_444, 44_444, true, true, true,
                IceLiteServer.DEFAULT_CONSENT_TIMEOUT_MILLIS, DtlsConfig.defaults(), 1_000, 16,
                DEFAULT_CONNECT_TIMEOUT_MILLIS, defaultIoThreads());
    }

    /** One listen address, keeping the first entry's announced address. */
    public WebRtcServerConfig withListenIp(String ip) {
        return withListenInfos(List.of(new ListenInfo(ip, announcedIp())));
    }

    /** The first entry's announced address replaced (the other entries go). */
    public WebRtcServerConfig withAnnouncedIp(String ip) {
        return withListenInfos(List.of(new ListenInfo(listenIp(), ip)));
    }

    public WebRtcServerConfig withListenInfos(List<ListenInfo> infos) {
        return new WebRtcServerConfig(infos, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis, ioThreads);
    }

    public WebRtcServerConfig withPorts(int min, int max) {
        return new WebRtcServerConfig(listenInfos, min, max, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis, ioThreads);
    }

    public WebRtcServerConfig withProtocols(boolean udp, boolean tcp) {
        return new WebRtcServerConfig(listenInfos, minPort, maxPort, udp, tcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis, ioThreads);
    }

    public WebRtcServerConfig withSinglePort(boolean single) {
        return new WebRtcServerConfig(listenInfos, minPort, maxPort, enableUdp, enableTcp, single,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis, ioThreads);
    }

    public WebRtcServerConfig withConsentTimeoutMillis(long millis) {
        return new WebRtcServerConfig(listenInfos, minPort, maxPort, enableUdp, enableTcp, singlePort,
                millis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis, ioThreads);
    }

    public WebRtcServerConfig withDtls(DtlsConfig config) {
        return new WebRtcServerConfig(listenInfos, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, config, maxTransports, handshakeThreads, connectTimeoutMillis, ioThreads);
    }

    public WebRtcServerConfig withMaxTransports(int max) {
        return new WebRtcServerConfig(listenInfos, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, max, handshakeThreads, connectTimeoutMillis, ioThreads);
    }

    public WebRtcServerConfig withConnectTimeoutMillis(long millis) {
        return new WebRtcServerConfig(listenInfos, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, millis, ioThreads);
    }

    public WebRtcServerConfig withIoThreads(int threads) {
        return new WebRtcServerConfig(listenInfos, minPort, maxPort, enableUdp, enableTcp, singlePort,
                consentTimeoutMillis, dtls, maxTransports, handshakeThreads, connectTimeoutMillis, threads);
    }

    /** The first listen address. */
    public String listenIp() {
        return listenInfos.get(0).ip();
    }

    /** The first entry's announced address, or null. */
    public String announcedIp() {
        return listenInfos.get(0).announcedAddress();
    }

    /** The address the first entry's candidates advertise ({@link ListenInfo#candidateAddress()}). */
    public String candidateIp() {
        return listenInfos.get(0).candidateAddress();
    }
}
