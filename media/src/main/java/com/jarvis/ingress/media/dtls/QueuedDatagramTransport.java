package com.jarvis.ingress.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.tls.DatagramTransport;

/**
 * The {@link DatagramTransport} BouncyCastle reads from and writes to. Incoming datagrams are queued by the
 * caller's I/O thread; during the handshake BC's thread waits on the queue, afterwards the queue is drained
 * without waiting ({@link #setNonBlocking}). Outgoing handshake records are packed into datagrams of at most
 * the handshake MTU and flushed when BC starts waiting for the peer, so a flight costs few packets.
 */
final class QueuedDatagramTransport implements DatagramTransport {

    /**
     * Thrown when the queue is empty in non-blocking mode. BC's record layer passes InterruptedIOException
     * through without failing the connection (a SocketTimeoutException would make it spin until its timeout).
     */
    static final class Drained extends InterruptedIOException {
        static final Drained INSTANCE = new Drained();

        private Drained() {
            super("no queued datagram");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final byte[] WAKE_UP = new byte[0];

    private final DtlsConfig config;
    private final DtlsPacketSender sender;
    private final ArrayBlockingQueue<byte[]> queue;
    private final byte[] pending;
    private int pendingLength;

    // The datagram being decrypted in place once connected (no copy); only touched under the endpoint's
    // receive lock.
    private byte[] currentBuf;
    private int currentOff;
    private int currentLen = -1;

    private volatile boolean nonBlocking;
    private volatile boolean closed;

    final AtomicLong queueDrops = new AtomicLong();
    final AtomicLong oversizeDrops = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong datagramsSent = new AtomicLong();

    QueuedDatagramTransport(DtlsConfig config, DtlsPacketSender sender) {
        this.config = config;
        this.sender = sender;
        this.queue = new ArrayBlockingQueue<>(config.receiveQueueCapacity());
        this.pending = new byte[config.handshakeMtu()];
    }

    /** True when a received datagram waits for the handshake. */
    boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Queues a copy of an incoming datagram; false (and counted) when full, oversized or closed. */
    boolean offer(byte[] buf, int off, int len) {
        if (closed) {
            return false;
        }
        if (len > config.receiveLimit()) {
            oversizeDrops.incrementAndGet();
            return false;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (!queue.offer(copy)) {
            queueDrops.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Connected mode: offers one datagram to the next receive without copying it into the queue. */
    void setCurrent(byte[] buf, int off, int len) {
        currentBuf = buf;
        currentOff = off;
        currentLen = len;
    }

    void clearCurrent() {
        currentBuf = null;
        currentLen = -1;
    }

    /**
     * After the handshake: receive never waits, and records go out one per datagram, immediately. What the
     * handshake left packed (the server's last flight) stays until {@link #flush} or the next send, so the
     * endpoint can install the SRTP keys before the peer learns the handshake is over.
     */
    void setNonBlocking() {
        nonBlocking = true;
    }

    @Override
    public int getReceiveLimit() {
        return config.receiveLimit();
    }

    @Override
    public int getSendLimit() {
        return nonBlocking ? config.mtu() : config.handshakeMtu();
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        // BC is about to wait for the peer: the flight it wrote is complete.
        flush();
        if (nonBlocking) {
            // Datagrams queued during the handshake first, then the one being handed in.
            byte[] datagram = queue.poll();
            if (datagram != null && datagram != WAKE_UP) {
                return copyOut(datagram, 0, datagram.length, buf, off, len);
            }
            checkOpen();
            if (currentLen >= 0) {
                int n = currentLen;
                currentLen = -1;
                return copyOut(currentBuf, currentOff, n, buf, off, len);
            }
            throw Drained.INSTANCE;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, waitMillis));
        while (true) {
            checkOpen();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return -1;
            }
            byte[] datagram;
            try {
                datagram = queue.poll(remaining, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("handshake interrupted");
            }
            if (datagram == null) {
                return -1;
            }
            if (datagram == WAKE_UP) {
                continue;
            }
            if (datagram.length <= len) {
                return copyOut(datagram, 0, datagram.length, buf, off, len);
            }
            oversizeDrops.incrementAndGet();
        }
    }

    private int copyOut(byte[] src, int srcOff, int srcLen, byte[] buf, int off, int len) {
        if (srcLen > len) {
            // BC ignores a datagram larger than its buffer; count it here instead.
            oversizeDrops.incrementAndGet();
            return 0;
        }
        System.arraycopy(src, srcOff, buf, off, srcLen);
        return srcLen;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        checkOpen();
        synchronized (pending) {
            if (!nonBlocking && len <= pending.length) {
                if (pendingLength + len > pending.length) {
                    flushLocked();
                }
                System.arraycopy(buf, off, pending, pendingLength, len);
                pendingLength += len;
                return;
            }
            flushLocked();
            emit(buf, off, len);
        }
    }

    /** Sends what is packed so far. */
    void flush() {
        synchronized (pending) {
            flushLocked();
        }
    }

    private void flushLocked() {
        if (pendingLength > 0) {
            int len = pendingLength;
            pendingLength = 0;
            emit(pending, 0, len);
        }
    }

    private void emit(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        try {
            sender.send(buf, off, len);
            datagramsSent.incrementAndGet();
        } catch (RuntimeException e) {
            // A datagram that cannot be sent is a lost datagram; DTLS retransmits handshake flights.
            sendErrors.incrementAndGet();
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
    }

    /**
     * Sends what BC wrote last (its fatal alert or close_notify, which it writes just before closing us), frees
     * queued datagrams and wakes a waiting handshake thread, which then fails fast.
     */
    @Override
    public void close() {
        synchronized (pending) {
            flushLocked();
            closed = true;
        }
        queue.clear();
        queue.offer(WAKE_UP);
    }
}
