package com.jarvis.ingress.media.stun;

import com.jarvis.ingress.media.net.TcpFraming;
import com.jarvis.ingress.media.net.TcpListener;
import com.jarvis.ingress.media.net.SocketEvent;
import com.jarvis.ingress.media.net.TcpListenerConfig;
import com.jarvis.ingress.media.net.Transport;
import com.jarvis.ingress.media.net.UdpEndpoint;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * A STUN server answering Binding requests (RFC 8489) on one UDP socket and one TCP listener sharing a port, each
 * with its own I/O thread ({@code udp-io-<port>}, {@code tcp-io-<port>}). TCP streams are STUN-framed (RFC 8489
 * section 6.2.2), bounded in connections and closed when idle; a stream that is not STUN is closed.
 */
public final class StunServer implements AutoCloseable {
    /** Largest request accepted over TCP; a Binding request with every optional attribute fits easily. */
    static final int MAX_TCP_MESSAGE = 1280;
    /** TcpListener needs room for one whole reply frame of any size; ours are 44 bytes at most. */
    private static final int TCP_PENDING_WRITE_BYTES = TcpListenerConfig.MAX_FRAME_LENGTH;
    private static final int FREE_PORT_ATTEMPTS = 20;

    private final StunServerCounters counters;
    private final UdpEndpoint udp;
    private final TcpListener tcp;
    private final int port;

    private StunServer(StunServerCounters counters, UdpEndpoint udp, TcpListener tcp, int port) {
        this.counters = counters;
        this.udp = udp;
        this.tcp = tcp;
        this.port = port;
    }

    /**
     * Binds and starts serving. A taken port fails with {@link BindException} (naming the port); with port 0 both
     * sockets get the same free port.
     */
    public static StunServer start(StunServerConfig config) throws IOException {
        StunServerCounters counters = new StunServerCounters();
        TcpListenerConfig tcpConfig = new TcpListenerConfig(config.maxTcpConnections(), MAX_TCP_MESSAGE,
                config.tcpIdleTimeoutMillis(), TCP_PENDING_WRITE_BYTES, TcpFraming.STUN);
        int attempts = config.port() == 0 && config.udp() && config.tcp() ? FREE_PORT_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            UdpEndpoint udp = null;
            try {
                int port = config.port();
                if (config.udp()) {
                    udp = UdpEndpoint.open(new InetSocketAddress(config.bindAddress(), port),
                            new BindingResponder(Transport.UDP, counters));
                    port = udp.localAddress().getPort();
                }
                TcpListener tcp = null;
                if (config.tcp()) {
                    tcp = TcpListener.open(new InetSocketAddress(config.bindAddress(), port),
                            new BindingResponder(Transport.TCP, counters), tcpConfig);
                    port = tcp.localAddress().getPort();
                }
                return new StunServer(counters, udp, tcp, port);
            } catch (BindException e) {
                if (udp != null) {
                    udp.close();
                }
                if (attempt >= attempts) {
                    BindException named = new BindException("STUN port " + config.port() + " on "
                            + config.bindAddress().getHostAddress() + " is in use (" + e.getMessage() + ")");
                    named.initCause(e);
                    throw named;
                }
                // port 0: UDP got a free port whose TCP twin is taken; try another one
            } catch (IOException | RuntimeException e) {
                if (udp != null) {
                    udp.close();
                }
                throw e;
            }
        }
    }

    /** The port both sockets listen on. */
    public int port() {
        return port;
    }

    public StunServerCounters counters() {
        return counters;
    }

    /** TCP connections open now (0 without TCP). */
    public int tcpConnections() {
        return tcp == null ? 0 : tcp.connectionCount();
    }

    /** TCP connections refused at the cap, closed for sending something that is not STUN, and closed when idle. */
    public long tcpRefused() {
        return tcp == null ? 0 : tcp.counters().get(Transport.TCP, SocketEvent.REJECTED);
    }

    public long tcpUnframeable() {
        return tcp == null ? 0 : tcp.counters().get(Transport.TCP, SocketEvent.OVERSIZE_FRAME);
    }

    public long tcpIdleClosed() {
        return tcp == null ? 0 : tcp.counters().get(Transport.TCP, SocketEvent.IDLE_CLOSED);
    }

    /** Closes both sockets; when this returns the port is free. */
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
