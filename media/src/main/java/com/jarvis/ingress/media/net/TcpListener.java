package com.jarvis.ingress.media.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One TCP listening socket shared by all transports (ICE-TCP passive candidates), with RFC 4571 framing on each
 * accepted connection (or STUN framing for a STUN server, see {@link TcpFraming}). One selector thread accepts, reads and delivers frames to a {@link PacketHandler}; the
 * {@link PacketSender} it passes frames replies on that same connection. Enforces a connection cap, a maximum
 * frame length, bounded per-connection buffers and an idle timeout, and reports every close to the handler.
 * Several listeners may share one port ({@link #openShared}, {@code SO_REUSEPORT}): the kernel spreads incoming
 * connections over them, so each thread serves its share. The thread also runs the tasks handed to its
 * {@link IoLoop}.
 */
public final class TcpListener implements AutoCloseable {
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    private static final long MAX_IDLE_SCAN_MILLIS = 1_000;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final PacketHandler handler;
    private final TcpListenerConfig config;
    private final InetSocketAddress localAddress;
    private final IoLoop loop;
    private final Thread thread;
    private final long idleScanNanos;
    private volatile boolean closed;

    // I/O thread only.
    private final Set<TcpConnection> connections = new HashSet<>();
    private final ConcurrentLinkedQueue<TcpConnection> closeRequests = new ConcurrentLinkedQueue<>();

    private final AtomicInteger openConnections = new AtomicInteger();
    private final SocketCounters counters;

    private TcpListener(InetSocketAddress bindAddress, PacketHandler handler, TcpListenerConfig config,
            SocketCounters counters, boolean reusePort, String suffix) throws IOException {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.config = Objects.requireNonNull(config, "config");
        ServerSocketChannel ch = ServerSocketChannel.open();
        // SO_REUSEADDR lets a restarted server re-bind while old connections sit in TIME_WAIT.
        this.selector = SelectorChannels.bindAndRegister(ch, bindAddress, true, reusePort, SelectionKey.OP_ACCEPT);
        this.server = ch;
        this.localAddress = (InetSocketAddress) ch.getLocalAddress();
        this.idleScanNanos = TimeUnit.MILLISECONDS.toNanos(
                Math.max(1, Math.min(MAX_IDLE_SCAN_MILLIS, config.idleTimeoutMillis() / 4)));
        this.loop = new IoLoop(selector, "tcp-io-" + localAddress.getPort() + suffix);
        this.thread = loop.newThread(this::run);
    }

    /** Binds {@code bindAddress} (port 0 picks a free port) and starts the I/O thread; counts on its own. */
    public static TcpListener open(InetSocketAddress bindAddress, PacketHandler handler, TcpListenerConfig config)
            throws IOException {
        return open(bindAddress, handler, config, new SocketCounters());
    }

    /** As {@link #open(InetSocketAddress, PacketHandler, TcpListenerConfig)}, counting into {@code counters}. */
    public static TcpListener open(InetSocketAddress bindAddress, PacketHandler handler, TcpListenerConfig config,
            SocketCounters counters) throws IOException {
        TcpListener listener = new TcpListener(bindAddress, handler, config, counters, false, "");
        listener.thread.start();
        return listener;
    }

    /**
     * {@code count} listeners on one port with {@code SO_REUSEPORT} (the first binds {@code bindAddress}, port 0
     * picking a free one; the others join its port), each with its own thread {@code tcp-io-<port>-<i>} and its own
     * connection cap. One listener (thread {@code tcp-io-<port>}) when {@code count} is 1. On failure nothing stays
     * bound. All count into {@code counters}.
     */
    public static List<TcpListener> openShared(InetSocketAddress bindAddress, PacketHandler handler,
            TcpListenerConfig config, int count, SocketCounters counters) throws IOException {
        if (count == 1) {
            return List.of(open(bindAddress, handler, config, counters));
        }
        List<TcpListener> listeners = SelectorChannels.bindOnOnePort(bindAddress, count,
                (at, suffix) -> new TcpListener(at, handler, config, counters, true, suffix),
                l -> l.localAddress.getPort(),
                TcpListener::close);
        listeners.forEach(l -> l.thread.start());
        return listeners;
    }

    /** The inbox of this listener's I/O thread. */
    public IoLoop loop() {
        return loop;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public int connectionCount() {
        return openConnections.get();
    }

    /** What this listener counted, shared with the sockets opened with the same counters. */
    public SocketCounters counters() {
        return counters;
    }

    private void run() {
        long nextIdleScan = System.nanoTime() + idleScanNanos;
        try {
            while (!closed) {
                loop.select(TimeUnit.NANOSECONDS.toMillis(idleScanNanos) + 1);
                long now = System.nanoTime();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.channel() == server) {
                        acceptAll(now);
                    } else {
                        serve(key, now);
                    }
                }
                loop.runPending();
                TcpConnection requested;
                while ((requested = closeRequests.poll()) != null) {
                    closeConnection(requested);
                }
                if (now - nextIdleScan >= 0) {
                    closeIdle(now);
                    nextIdleScan = now + idleScanNanos;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Selector failure: nothing can be served any more; close everything below.
        } finally {
            closed = true;
            for (TcpConnection c : new ArrayList<>(connections)) {
                closeConnection(c);
            }
            closeQuietly();
        }
    }

    private void acceptAll(long now) {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return; // e.g. too many open files: try again on the next wake-up
            }
            if (ch == null) {
                return;
            }
            if (connections.size() >= config.maxConnections()) {
                counters.count(Transport.TCP, SocketEvent.REJECTED);
                SelectorChannels.closeQuietly(ch);
                continue;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
                TcpConnection c = new TcpConnection(this, ch, remote, config, now);
                c.attach(ch.register(selector, SelectionKey.OP_READ, c));
                connections.add(c);
                openConnections.incrementAndGet();
                counters.count(Transport.TCP, SocketEvent.ACCEPTED);
            } catch (IOException | RuntimeException e) {
                SelectorChannels.closeQuietly(ch);
            }
        }
    }

    private void serve(SelectionKey key, long now) {
        TcpConnection c = (TcpConnection) key.attachment();
        boolean ok = true;
        try {
            if (key.isValid() && key.isWritable()) {
                ok = c.onWritable();
            }
            if (ok && key.isValid() && key.isReadable()) {
                ok = c.onReadable(handler, now);
            }
        } catch (RuntimeException e) {
            ok = false; // e.g. a key cancelled under us: lose this connection, never the listener
        }
        if (!ok) {
            closeConnection(c);
        }
    }

    private void closeIdle(long now) {
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
        List<TcpConnection> idle = null;
        for (TcpConnection c : connections) {
            if (now - c.lastReadNanos() >= idleNanos) {
                if (idle == null) {
                    idle = new ArrayList<>();
                }
                idle.add(c);
            }
        }
        if (idle != null) {
            for (TcpConnection c : idle) {
                counters.count(Transport.TCP, SocketEvent.IDLE_CLOSED);
                closeConnection(c);
            }
        }
    }

    /** I/O thread only: closes, forgets and reports the connection once. */
    private void closeConnection(TcpConnection c) {
        if (!connections.remove(c)) {
            return;
        }
        openConnections.decrementAndGet();
        c.markClosed();
        try {
            handler.onConnectionClosed(c);
        } catch (RuntimeException e) {
            counters.count(Transport.TCP, SocketEvent.HANDLER_ERROR);
        }
    }

    /** Any thread: closes the connection on the I/O thread (at once if called there). */
    void requestClose(TcpConnection c) {
        if (Thread.currentThread() == thread) {
            closeConnection(c);
        } else {
            closeRequests.add(c);
            selector.wakeup();
        }
    }

    /** Any thread: the connection has replies waiting for the socket to drain. */
    void enableWrite(TcpConnection c) {
        SelectionKey key = c.key();
        try {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } catch (CancelledKeyException e) {
            return; // the connection is closing; its pending bytes go with it
        }
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    void countFrame() {
        counters.count(Transport.TCP, SocketEvent.RECEIVED);
    }

    void countEmptyFrame() {
        counters.count(Transport.TCP, SocketEvent.EMPTY_FRAME);
    }

    void countOversize() {
        counters.count(Transport.TCP, SocketEvent.OVERSIZE_FRAME);
    }

    void countSent() {
        counters.count(Transport.TCP, SocketEvent.SENT);
    }

    void countWriteDrop() {
        counters.count(Transport.TCP, SocketEvent.SEND_DROPPED);
    }

    void countHandlerError() {
        counters.count(Transport.TCP, SocketEvent.HANDLER_ERROR);
    }

    /**
     * Closes every connection (each reported to the handler) and the listening socket; when this returns (off
     * the I/O thread) the port is free.
     */
    @Override
    public void close() {
        closed = true;
        SelectorChannels.wakeAndJoin(selector, thread, CLOSE_WAIT_MILLIS);
        closeQuietly();
    }

    private void closeQuietly() {
        SelectorChannels.closeQuietly(selector, server);
    }
}
