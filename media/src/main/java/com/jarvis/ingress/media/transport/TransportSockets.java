package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.net.IoLoop;
import com.jarvis.ingress.media.net.PacketHandler;
import com.jarvis.ingress.media.net.SocketCounters;
import com.jarvis.ingress.media.net.TcpListener;
import com.jarvis.ingress.media.net.TcpListenerConfig;
import com.jarvis.ingress.media.net.UdpEndpoint;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP endpoints and/or TCP listeners of every listen address on one port, all feeding the same handler, and the
 * host candidates they make. With several I/O threads each address gets that many UDP sockets and TCP listeners on
 * the port ({@code SO_REUSEPORT}), one thread each. An address a wildcard covers ({@code 0.0.0.0} covers IPv4; {@code ::}, dual-stack in
 * Java, covers everything) is served by the wildcard's sockets, since the OS would refuse a second bind.
 */
final class TransportSockets implements AutoCloseable {
    /** Local preference steps below the protocol's base: IPv6 after IPv4, then listed order. */
    static final int IPV6_PENALTY = 256;

    private static final Logger LOG = LoggerFactory.getLogger(TransportSockets.class);

    /** The sockets of one address: empty lists for a disabled protocol. */
    private record Bound(List<UdpEndpoint> udp, List<TcpListener> tcp) {
        void close() {
            udp.forEach(UdpEndpoint::close);
            tcp.forEach(TcpListener::close);
        }
    }

    private final List<Bound> bound;
    private final List<IceCandidate> candidates;

    private TransportSockets(List<Bound> bound, List<IceCandidate> candidates) {
        this.bound = bound;
        this.candidates = candidates;
    }

    /**
     * Binds the enabled sockets of every listen address on {@code port} (0 lets the OS pick each), counting into
     * {@code counters}; on failure nothing stays bound.
     */
    static TransportSockets open(List<ListenInfo> infos, int port, boolean enableUdp, boolean enableTcp,
            PacketHandler handler, SocketCounters counters) throws IOException {
        return open(infos, port, enableUdp, enableTcp, 1, handler, counters);
    }

    /**
     * As above with {@code ioThreads} sockets of each enabled protocol per address, sharing the port; 1 (with a
     * warning) where the platform cannot share a port.
     */
    static TransportSockets open(List<ListenInfo> infos, int port, boolean enableUdp, boolean enableTcp,
            int ioThreads, PacketHandler handler, SocketCounters counters) throws IOException {
        int threads = ioThreads;
        if (threads > 1 && !UdpEndpoint.reusePortSupported()) {
            LOG.warn("SO_REUSEPORT is not supported here: media port {} served by 1 I/O thread instead of {}",
                    port, ioThreads);
            threads = 1;
        }
        Map<InetAddress, Bound> byAddress = new LinkedHashMap<>();
        try {
            for (ListenInfo info : infos) {
                InetAddress at = servingAddress(info, infos);
                if (!byAddress.containsKey(at)) {
                    byAddress.put(at, bind(at, port, enableUdp, enableTcp, threads, handler, counters));
                }
            }
        } catch (IOException | RuntimeException e) {
            byAddress.values().forEach(Bound::close);
            throw e;
        }
        List<IceCandidate> candidates = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            ListenInfo info = infos.get(i);
            Bound b = byAddress.get(servingAddress(info, infos));
            String ip = info.candidateAddress();
            int familyPenalty = info.candidateIsIpv6() ? IPV6_PENALTY : 0;
            String suffix = i == 0 ? "" : String.valueOf(i);
            if (!b.udp.isEmpty()) {
                candidates.add(IceCandidate.udp(ip, b.udp.get(0).localAddress().getPort(),
                        IceCandidate.UDP_LOCAL_PREFERENCE - familyPenalty - i, "udpcandidate" + suffix));
            }
            if (!b.tcp.isEmpty()) {
                candidates.add(IceCandidate.tcp(ip, b.tcp.get(0).localAddress().getPort(),
                        IceCandidate.TCP_LOCAL_PREFERENCE - familyPenalty - i, "tcpcandidate" + suffix));
            }
        }
        candidates.sort(Comparator.comparingLong((IceCandidate c) -> c.priority()).reversed());
        return new TransportSockets(List.copyOf(byAddress.values()), List.copyOf(candidates));
    }

    /** The address whose sockets serve {@code info}: a wildcard of the list covering it, else its own. */
    static InetAddress servingAddress(ListenInfo info, List<ListenInfo> all) {
        InetAddress own = info.address();
        InetAddress v4Wildcard = null;
        for (ListenInfo other : all) {
            InetAddress a = other.address();
            if (a.isAnyLocalAddress() && a instanceof Inet6Address) {
                return a; // dual-stack: receives IPv4 too
            }
            if (a.isAnyLocalAddress() && !(own instanceof Inet6Address)) {
                v4Wildcard = a;
            }
        }
        return v4Wildcard != null ? v4Wildcard : own;
    }

    private static Bound bind(InetAddress ip, int port, boolean enableUdp, boolean enableTcp, int threads,
            PacketHandler handler, SocketCounters counters) throws IOException {
        InetSocketAddress at = new InetSocketAddress(ip, port);
        List<UdpEndpoint> udp = enableUdp ? UdpEndpoint.openShared(at, handler, threads, counters) : List.of();
        try {
            List<TcpListener> tcp = enableTcp
                    ? TcpListener.openShared(at, handler, TcpListenerConfig.defaults(), threads, counters)
                    : List.of();
            return new Bound(udp, tcp);
        } catch (IOException | RuntimeException e) {
            udp.forEach(UdpEndpoint::close);
            throw e;
        }
    }

    /** The first listen address's UDP port; -1 when UDP is disabled. */
    int udpPort() {
        List<UdpEndpoint> udp = bound.get(0).udp;
        return udp.isEmpty() ? -1 : udp.get(0).localAddress().getPort();
    }

    /** The first listen address's TCP port; -1 when TCP is disabled. */
    int tcpPort() {
        List<TcpListener> tcp = bound.get(0).tcp;
        return tcp.isEmpty() ? -1 : tcp.get(0).localAddress().getPort();
    }

    /** The inboxes of every I/O thread (UDP first), for diagnostics and tests. */
    List<IoLoop> loops() {
        List<IoLoop> loops = new ArrayList<>();
        for (Bound b : bound) {
            b.udp.forEach(u -> loops.add(u.loop()));
        }
        for (Bound b : bound) {
            b.tcp.forEach(t -> loops.add(t.loop()));
        }
        return loops;
    }

    /** Host candidates of every listen address, highest priority first. */
    List<IceCandidate> candidates() {
        return candidates;
    }

    @Override
    public void close() {
        bound.forEach(Bound::close);
    }
}
