package com.jarvis.ingress.media.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Objects;

/**
 * One UDP socket shared by all transports, owned by one I/O thread that hands each datagram to a
 * {@link PacketHandler}. Several endpoints may share one port ({@link #openShared}, {@code SO_REUSEPORT}): the kernel
 * spreads the remote 4-tuples over them and keeps each tuple on one socket, so each thread serves its own clients.
 * The thread also runs the tasks other threads hand to its {@link IoLoop}.
 *
 * <p>The channel is non-blocking and the thread waits in a selector rather than in a blocking receive: that way
 * {@link #send} from any thread never blocks either (a full kernel send buffer drops the datagram, which is what
 * UDP does anyway), and {@link #close} wakes the thread promptly and releases the port before returning.
 */
public final class UdpEndpoint implements AutoCloseable {
    /** Larger than any UDP payload (65507 bytes), so nothing is ever truncated. */
    private static final int RECEIVE_BUFFER = 65_536;
    /**
     * Kernel receive buffer asked for. The Linux default (212992 bytes, about 150 small RTP datagrams once kernel
     * overhead is counted) overflows when the I/O thread is descheduled for 150 ms at 1000 packets/s, which a busy
     * host does; 4 MB rides out seconds. The kernel caps it at net.core.rmem_max.
     */
    static final int SOCKET_RECEIVE_BUFFER = 4 * 1024 * 1024;
    /** Datagrams read per wake-up before checking for close again. */
    private static final int MAX_BATCH = 64;
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final DatagramChannel channel;
    private final Selector selector;
    private final PacketHandler handler;
    private final InetSocketAddress localAddress;
    private final IoLoop loop;
    private final Thread thread;
    private final byte[] receiveArray = new byte[RECEIVE_BUFFER];
    private final ByteBuffer receiveBuffer = ByteBuffer.wrap(receiveArray);
    private volatile boolean closed;

    private final SocketCounters counters;

    private UdpEndpoint(InetSocketAddress bindAddress, PacketHandler handler, SocketCounters counters,
            boolean reusePort, String suffix) throws IOException {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.counters = Objects.requireNonNull(counters, "counters");
        DatagramChannel ch = DatagramChannel.open();
        try {
            // A deep kernel buffer rides out I/O-thread scheduling gaps on a busy host (capped by net.core.rmem_max).
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
        } catch (IOException | UnsupportedOperationException e) {
            // keep the OS default: smaller, but the socket works
        }
        this.selector = SelectorChannels.bindAndRegister(ch, bindAddress, false, reusePort, SelectionKey.OP_READ);
        this.channel = ch;
        this.localAddress = (InetSocketAddress) ch.getLocalAddress();
        this.loop = new IoLoop(selector, "udp-io-" + localAddress.getPort() + suffix);
        this.thread = loop.newThread(this::run);
    }

    /** Binds {@code bindAddress} (port 0 picks a free port) and starts the I/O thread; counts on its own. */
    public static UdpEndpoint open(InetSocketAddress bindAddress, PacketHandler handler) throws IOException {
        return open(bindAddress, handler, new SocketCounters());
    }

    /** As {@link #open(InetSocketAddress, PacketHandler)}, counting into {@code counters}. */
    public static UdpEndpoint open(InetSocketAddress bindAddress, PacketHandler handler, SocketCounters counters)
            throws IOException {
        UdpEndpoint endpoint = new UdpEndpoint(bindAddress, handler, counters, false, "");
        endpoint.thread.start();
        return endpoint;
    }

    /**
     * True when this platform can bind several UDP sockets, and several TCP listeners, to one port
     * ({@code SO_REUSEPORT}: Linux, macOS; not Windows).
     */
    public static boolean reusePortSupported() {
        try (DatagramChannel udp = DatagramChannel.open();
             java.nio.channels.ServerSocketChannel tcp = java.nio.channels.ServerSocketChannel.open()) {
            return udp.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)
                    && tcp.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code count} endpoints on one port with {@code SO_REUSEPORT} (the first binds {@code bindAddress}, port 0
     * picking a free one; the others join its port), each with its own thread {@code udp-io-<port>-<i>}. One
     * endpoint (no {@code SO_REUSEPORT}, thread {@code udp-io-<port>}) when {@code count} is 1. On failure nothing
     * stays bound. All count into {@code counters}.
     */
    public static List<UdpEndpoint> openShared(InetSocketAddress bindAddress, PacketHandler handler, int count,
            SocketCounters counters) throws IOException {
        if (count == 1) {
            return List.of(open(bindAddress, handler, counters));
        }
        List<UdpEndpoint> endpoints = SelectorChannels.bindOnOnePort(bindAddress, count,
                (at, suffix) -> new UdpEndpoint(at, handler, counters, true, suffix), e -> e.localAddress.getPort(),
                UdpEndpoint::close);
        endpoints.forEach(e -> e.thread.start());
        return endpoints;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The inbox of this endpoint's I/O thread. */
    public IoLoop loop() {
        return loop;
    }

    /** Sends one datagram; false if it was dropped (closed socket, full send buffer or an I/O error). */
    public boolean send(byte[] data, int off, int len, InetSocketAddress to) {
        return send(ByteBuffer.wrap(data, off, len), to);
    }

    /** Sends the buffer's remaining bytes as one datagram. */
    public boolean send(ByteBuffer data, InetSocketAddress to) {
        if (closed) {
            counters.count(Transport.UDP, SocketEvent.SEND_DROPPED);
            return false;
        }
        try {
            if (channel.send(data, to) == 0) {
                counters.count(Transport.UDP, SocketEvent.SEND_DROPPED);
                return false;
            }
            counters.count(Transport.UDP, SocketEvent.SENT);
            return true;
        } catch (IOException | RuntimeException e) {
            // Unresolved/unsupported addresses or a closing socket: the packet is lost, as UDP allows.
            counters.count(Transport.UDP, SocketEvent.SEND_DROPPED);
            return false;
        }
    }

    /** A sender that replies to {@code remote} over this socket. */
    public PacketSender senderTo(InetSocketAddress remote) {
        return new UdpSender(this, remote);
    }

    public boolean isOpen() {
        return !closed;
    }

    /** The kernel receive buffer the socket really got (Linux reports twice the request, capped by rmem_max). */
    public int socketReceiveBufferBytes() {
        try {
            return channel.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (IOException e) {
            return -1;
        }
    }

    /** What this socket counted, shared with the sockets opened with the same counters. */
    public SocketCounters counters() {
        return counters;
    }

    private void run() {
        try {
            while (!closed) {
                loop.select(0);
                selector.selectedKeys().clear();
                drain();
                loop.runPending();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                counters.count(Transport.UDP, SocketEvent.RECEIVE_ERROR);
            }
        } finally {
            closed = true;
            closeQuietly();
        }
    }

    private void drain() {
        for (int i = 0; i < MAX_BATCH && !closed; i++) {
            receiveBuffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(receiveBuffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                counters.count(Transport.UDP, SocketEvent.RECEIVE_ERROR);
                continue;
            }
            if (from == null) {
                return;
            }
            counters.count(Transport.UDP, SocketEvent.RECEIVED);
            InetSocketAddress remote = (InetSocketAddress) from;
            try {
                handler.onPacket(receiveArray, 0, receiveBuffer.position(), remote, Transport.UDP,
                        new UdpSender(this, remote));
            } catch (RuntimeException e) {
                counters.count(Transport.UDP, SocketEvent.HANDLER_ERROR);
            }
        }
    }

    /** Stops the I/O thread and releases the port; when this returns (off the I/O thread) the port is free. */
    @Override
    public void close() {
        closed = true;
        SelectorChannels.wakeAndJoin(selector, thread, CLOSE_WAIT_MILLIS);
        closeQuietly();
    }

    private void closeQuietly() {
        SelectorChannels.closeQuietly(selector, channel);
    }

    /** Replies to one remote over the shared socket. */
    private record UdpSender(UdpEndpoint endpoint, InetSocketAddress remote) implements PacketSender {
        @Override
        public boolean send(byte[] data, int off, int len) {
            return endpoint.send(data, off, len, remote);
        }

        @Override
        public Transport transport() {
            return Transport.UDP;
        }

        @Override
        public boolean isOpen() {
            return endpoint.isOpen();
        }
    }
}
