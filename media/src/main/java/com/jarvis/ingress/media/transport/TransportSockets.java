package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.net.PacketHandler;
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

/**
 * The UDP endpoints and/or TCP listeners of every listen address on one port, all feeding the same handler, and the
 * host candidates they make. An address a wildcard covers ({@code 0.0.0.0} covers IPv4; {@code ::}, dual-stack in
 * Java, covers everything) is served by the wildcard's sockets, since the OS would refuse a second bind.
 */
final class TransportSockets implements AutoCloseable {
    /** Local preference steps below the protocol's base: IPv6 after IPv4, then listed order. */
    static final int IPV6_PENALTY = 256;

    private record Bound(UdpEndpoint udp, TcpListener tcp) {
        void close() {
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                tcp.close();
            }
        }
    }

    private final List<Bound> bound;
    private final List<IceCandidate> candidates;

    private TransportSockets(List<Bound> bound, List<IceCandidate> candidates) {
        this.bound = bound;
        this.candidates = candidates;
    }

    /** Binds the enabled sockets of every listen address on {@code port} (0 lets the OS pick each); on failure nothing stays bound. */
    static TransportSockets open(List<ListenInfo> infos, int port, boolean enableUdp, boolean enableTcp,
            PacketHandler handler) throws IOException {
        Map<InetAddress, Bound> byAddress = new LinkedHashMap<>();
        try {
            for (ListenInfo info : infos) {
                InetAddress at = servingAddress(info, infos);
                if (!byAddress.containsKey(at)) {
                    byAddress.put(at, bind(at, port, enableUdp, enableTcp, handler));
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
            if (b.udp != null) {
                candidates.add(IceCandidate.udp(ip, b.udp.localAddress().getPort(),
                        IceCandidate.UDP_LOCAL_PREFERENCE - familyPenalty - i, "udpcandidate" + suffix));
            }
            if (b.tcp != null) {
                candidates.add(IceCandidate.tcp(ip, b.tcp.localAddress().getPort(),
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

    private static Bound bind(InetAddress ip, int port, boolean enableUdp, boolean enableTcp, PacketHandler handler)
            throws IOException {
        UdpEndpoint udp = enableUdp ? UdpEndpoint.open(new InetSocketAddress(ip, port), handler) : null;
        try {
            TcpListener tcp = enableTcp
                    ? TcpListener.open(new InetSocketAddress(ip, port), handler, TcpListenerConfig.defaults())
                    : null;
            return new Bound(udp, tcp);
        } catch (IOException | RuntimeException e) {
            if (udp != null) {
                udp.close();
            }
            throw e;
        }
    }

    /** The first listen address's UDP port; -1 when UDP is disabled. */
    int udpPort() {
        UdpEndpoint udp = bound.get(0).udp;
        return udp == null ? -1 : udp.localAddress().getPort();
    }

    /** The first listen address's TCP port; -1 when TCP is disabled. */
    int tcpPort() {
        TcpListener tcp = bound.get(0).tcp;
        return tcp == null ? -1 : tcp.localAddress().getPort();
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
