package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.net.PacketHandler;
import com.jarvis.ingress.media.net.TcpListener;
import com.jarvis.ingress.media.net.TcpListenerConfig;
import com.jarvis.ingress.media.net.UdpEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** One UDP endpoint and/or one TCP listener that feed the same handler, and the host candidates they make. */
final class TransportSockets implements AutoCloseable {
    private final UdpEndpoint udp;
    private final TcpListener tcp;

    private TransportSockets(UdpEndpoint udp, TcpListener tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Binds the enabled sockets (port 0 lets the OS pick); on failure nothing stays bound. */
    static TransportSockets open(InetAddress ip, int udpPort, int tcpPort, boolean enableUdp, boolean enableTcp,
            PacketHandler handler) throws IOException {
        UdpEndpoint udp = enableUdp ? UdpEndpoint.open(new InetSocketAddress(ip, udpPort), handler) : null;
        TcpListener tcp;
        try {
            tcp = enableTcp
                    ? TcpListener.open(new InetSocketAddress(ip, tcpPort), handler, TcpListenerConfig.defaults())
                    : null;
        } catch (IOException | RuntimeException e) {
            if (udp != null) {
                udp.close();
            }
            throw e;
        }
        return new TransportSockets(udp, tcp);
    }

    /** -1 when UDP is disabled. */
    int udpPort() {
        return udp == null ? -1 : udp.localAddress().getPort();
    }

    /** -1 when TCP is disabled. */
    int tcpPort() {
        return tcp == null ? -1 : tcp.localAddress().getPort();
    }

    List<IceCandidate> candidates(String ip) {
        List<IceCandidate> out = new ArrayList<>(2);
        if (udp != null) {
            out.add(IceCandidate.udp(ip, udpPort()));
        }
        if (tcp != null) {
            out.add(IceCandidate.tcp(ip, tcpPort()));
        }
        return List.copyOf(out);
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }
}
