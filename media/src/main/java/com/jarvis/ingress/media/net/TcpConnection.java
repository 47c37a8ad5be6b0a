package com.jarvis.ingress.media.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One accepted TCP connection of a {@link TcpListener}: reassembles frames from the byte stream by the listener's
 * {@link TcpFraming} (RFC 4571 length prefixes, or STUN messages sized by their own header), and frames replies. Reads happen on the listener's I/O thread; sends
 * may come from any thread and never block (what the socket cannot take waits in a bounded buffer).
 */
final class TcpConnection implements PacketSender {
    /** Enough for typical STUN/DTLS/RTP frames; grows to one whole large frame and shrinks back after it. */
    private static final int INITIAL_READ_BUFFER = 4096;

    private final TcpListener listener;
    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final TcpListenerConfig config;
    private SelectionKey key;

    // Read side: I/O thread only.
    private byte[] in = new byte[INITIAL_READ_BUFFER];
    private ByteBuffer inBuffer = ByteBuffer.wrap(in);
    private long lastReadNanos;

    // Write side: guarded by writeLock. 'pending' exists only while the socket is backed up.
    private final Object writeLock = new Object();
    private ByteBuffer pending;
    private volatile boolean closed;

    TcpConnection(TcpListener listener, SocketChannel channel, InetSocketAddress remote, TcpListenerConfig config,
            long nowNanos) {
        this.listener = listener;
        this.channel = channel;
        this.remote = remote;
        this.config = config;
        this.lastReadNanos = nowNanos;
    }

    void attach(SelectionKey key) {
        this.key = key;
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    /** Reads what is available and delivers every complete frame. Returns false if the connection must close. */
    boolean onReadable(PacketHandler handler, long nowNanos) {
        int n;
        try {
            n = channel.read(inBuffer);
        } catch (IOException e) {
            return false;
        }
        if (n < 0) {
            return false;
        }
        if (n == 0) {
            return true;
        }
        lastReadNanos = nowNanos;
        int filled = inBuffer.position();
        int pos = 0;
        TcpFraming framing = config.framing();
        while (filled - pos >= framing.lengthBytes) {
            int packetLen = framing.packetLength(in, pos);
            if (packetLen < 0 || packetLen > config.maxFrameLength()) {
                listener.countOversize();
                return false; // the stream cannot be resynchronised
            }
            int frameLen = framing.prefixBytes + packetLen;
            if (filled - pos < frameLen) {
                break;
            }
            if (packetLen == 0) {
                listener.countEmptyFrame();
            } else {
                listener.countFrame();
                try {
                    handler.onPacket(in, pos + framing.prefixBytes, packetLen, remote, Transport.TCP, this);
                } catch (RuntimeException e) {
                    listener.countHandlerError();
                }
                if (closed) {
                    return false;
                }
            }
            pos += frameLen;
        }
        compact(pos, filled);
        return true;
    }

    /** Moves the unconsumed tail to the front, sized for the frame it starts (bounded by maxFrameLength + prefix). */
    private void compact(int pos, int filled) {
        int rest = filled - pos;
        int needed = INITIAL_READ_BUFFER;
        TcpFraming framing = config.framing();
        if (rest >= framing.lengthBytes) {
            needed = Math.max(needed, framing.prefixBytes + Math.max(0, framing.packetLength(in, pos)));
        }
        if (needed != in.length) {
            byte[] resized = new byte[needed];
            System.arraycopy(in, pos, resized, 0, rest);
            in = resized;
            inBuffer = ByteBuffer.wrap(in);
        } else if (pos > 0) {
            System.arraycopy(in, pos, in, 0, rest);
        }
        inBuffer.clear().position(rest);
    }

    @Override
    public boolean send(byte[] data, int off, int len) {
        if (len > TcpListenerConfig.MAX_FRAME_LENGTH || len < 0 || closed) {
            listener.countWriteDrop();
            return false;
        }
        synchronized (writeLock) {
            if (closed) {
                listener.countWriteDrop();
                return false;
            }
            if (pending != null) {
                if (pending.remaining() < len + config.framing().prefixBytes) {
                    listener.countWriteDrop();
                    return false;
                }
                putFrame(pending, data, off, len, config.framing());
                listener.countSent();
                return true;
            }
            ByteBuffer frame = ByteBuffer.allocate(len + config.framing().prefixBytes);
            putFrame(frame, data, off, len, config.framing());
            frame.flip();
            try {
                channel.write(frame);
            } catch (IOException e) {
                listener.countWriteDrop();
                listener.requestClose(this);
                return false;
            }
            if (frame.hasRemaining()) {
                // The socket is backed up: keep the rest and let the I/O thread finish it when writable.
                pending = ByteBuffer.allocate(config.maxPendingWriteBytes());
                pending.put(frame);
                listener.enableWrite(this);
            }
            listener.countSent();
            return true;
        }
    }

    private static void putFrame(ByteBuffer buf, byte[] data, int off, int len, TcpFraming framing) {
        framing.putPrefix(buf, len);
        buf.put(data, off, len);
    }

    /** Flushes pending replies; returns false if the connection must close. I/O thread only. */
    boolean onWritable() {
        synchronized (writeLock) {
            if (pending == null) {
                key.interestOps(SelectionKey.OP_READ);
                return true;
            }
            pending.flip();
            try {
                channel.write(pending);
            } catch (IOException e) {
                return false;
            }
            if (pending.hasRemaining()) {
                pending.compact();
            } else {
                pending = null; // give the memory back once drained
                key.interestOps(SelectionKey.OP_READ);
            }
            return true;
        }
    }

    SelectionKey key() {
        return key;
    }

    /** Marks closed and closes the socket; true only for the first call. */
    boolean markClosed() {
        synchronized (writeLock) {
            if (closed) {
                return false;
            }
            closed = true;
            pending = null;
        }
        SelectorChannels.closeQuietly(channel);
        return true;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        listener.requestClose(this);
    }

    @Override
    public String toString() {
        return "TcpConnection[" + remote + "]";
    }
}
