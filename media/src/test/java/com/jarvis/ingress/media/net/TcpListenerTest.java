package com.jarvis.ingress.media.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpListenerTest {
    private static final InetSocketAddress ANY_LOCAL = new InetSocketAddress("127.0.0.1", 0);

    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<PacketSender> closedConnections = new LinkedBlockingQueue<>();
    private TcpListener listener;

    /** Records each frame (copied: the buffer is reused) and echoes it back framed on the same connection. */
    private final PacketHandler recordAndEcho = new PacketHandler() {
        @Override
        public void onPacket(byte[] data, int off, int len, InetSocketAddress from, Transport transport,
                PacketSender replyTo) {
            frames.add(Arrays.copyOfRange(data, off, off + len));
            replyTo.send(data, off, len);
        }

        @Override
        public void onConnectionClosed(PacketSender connection) {
            closedConnections.add(connection);
        }
    };

    private TcpListener open(TcpListenerConfig config) throws IOException {
        listener = TcpListener.open(ANY_LOCAL, recordAndEcho, config);
        return listener;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(listener.localAddress(), 2_000);
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        return s;
    }

    @AfterEach
    void closeListener() {
        if (listener != null) {
            listener.close();
        }
    }

    private static byte[] frame(byte[] payload) {
        byte[] out = new byte[payload.length + 2];
        out[0] = (byte) (payload.length >>> 8);
        out[1] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 2, payload.length);
        return out;
    }

    private static byte[] payload(int len, int seed) {
        byte[] p = new byte[len];
        new Random(seed).nextBytes(p);
        return p;
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int len = in.readUnsignedShort();
        byte[] p = new byte[len];
        in.readFully(p);
        return p;
    }

    private byte[] nextFrame() throws InterruptedException {
        return frames.poll(5, TimeUnit.SECONDS);
    }

    @Test
    void reassemblesFramesSplitAcrossWrites() throws Exception {
        open(TcpListenerConfig.defaults());
        byte[] p = payload(1000, 1);
        byte[] f = frame(p);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(f, 0, 1); // half of the length prefix
            out.flush();
            Thread.sleep(30);
            out.write(f, 1, 500);
            out.flush();
            Thread.sleep(30);
            out.write(f, 501, f.length - 501);
            out.flush();

            assertThat(nextFrame()).isEqualTo(p);
            assertThat(readFrame(new DataInputStream(s.getInputStream()))).isEqualTo(p);
        }
    }

    @Test
    void splitsSeveralFramesInOneWrite() throws Exception {
        open(TcpListenerConfig.defaults());
        byte[] a = payload(20, 2);
        byte[] b = payload(1, 3);
        byte[] c = payload(300, 4);
        byte[] all = concat(frame(a), frame(b), frame(c), frame(payload(7, 5)));
        try (Socket s = connect()) {
            s.getOutputStream().write(all, 0, all.length - 3); // the last frame stays incomplete
            s.getOutputStream().flush();

            assertThat(nextFrame()).isEqualTo(a);
            assertThat(nextFrame()).isEqualTo(b);
            assertThat(nextFrame()).isEqualTo(c);
            assertThat(frames.poll(100, TimeUnit.MILLISECONDS)).isNull();

            s.getOutputStream().write(all, all.length - 3, 3);
            assertThat(nextFrame()).isEqualTo(payload(7, 5));
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThat(readFrame(in)).isEqualTo(a);
            assertThat(readFrame(in)).isEqualTo(b);
            assertThat(readFrame(in)).isEqualTo(c);
        }
        assertThat(listener.counters().get(Transport.TCP, SocketEvent.RECEIVED)).isEqualTo(4);
    }

    @Test
    void acceptsMaximumSizeFrames() throws Exception {
        open(TcpListenerConfig.defaults());
        byte[] p = payload(65_535, 6);
        try (Socket s = connect()) {
            s.getOutputStream().write(frame(p));

            assertThat(nextFrame()).isEqualTo(p);
            assertThat(readFrame(new DataInputStream(s.getInputStream()))).isEqualTo(p);
        }
    }

    @Test
    void closesConnectionOnOversizeFrameAndReportsIt() throws Exception {
        open(new TcpListenerConfig(10, 100, 30_000, 256 * 1024));
        try (Socket s = connect()) {
            s.getOutputStream().write(frame(payload(50, 7)));
            assertThat(nextFrame()).hasSize(50);

            s.getOutputStream().write(frame(payload(101, 8)));

            assertThat(closedConnections.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(readUntilEof(s)).isTrue();
        }
        assertThat(listener.counters().get(Transport.TCP, SocketEvent.OVERSIZE_FRAME)).isEqualTo(1);
        assertThat(listener.connectionCount()).isZero();
    }

    @Test
    void garbageNeverStopsTheListener() throws Exception {
        open(TcpListenerConfig.defaults());
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[] {0, 0, 0, 0}); // two empty frames: skipped
            s.getOutputStream().write(payload(5000, 9)); // random lengths and bytes
            s.getOutputStream().flush();
        }
        try (Socket s = connect()) {
            s.getOutputStream().write(frame(new byte[] {1, 2, 3}));
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThat(readFrame(in)).containsExactly(1, 2, 3);
        }
        // The first connection's bytes may still be in flight when the second one's echo is back: wait for them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (listener.counters().get(Transport.TCP, SocketEvent.EMPTY_FRAME) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(listener.counters().get(Transport.TCP, SocketEvent.EMPTY_FRAME)).isGreaterThanOrEqualTo(2); // the random tail may hold more
    }

    @Test
    void refusesConnectionsBeyondTheCap() throws Exception {
        open(new TcpListenerConfig(1, 65_535, 30_000, 256 * 1024));
        try (Socket first = connect(); Socket second = connect()) {
            assertThat(readUntilEof(second)).isTrue();

            first.getOutputStream().write(frame(new byte[] {9}));
            assertThat(nextFrame()).containsExactly(9);
            assertThat(listener.counters().get(Transport.TCP, SocketEvent.REJECTED)).isEqualTo(1);
            assertThat(listener.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void closesIdleConnections() throws Exception {
        open(new TcpListenerConfig(10, 65_535, 200, 256 * 1024));
        try (Socket s = connect()) {
            PacketSender closed = closedConnections.poll(5, TimeUnit.SECONDS);

            assertThat(closed).isNotNull();
            assertThat(closed.isOpen()).isFalse();
            assertThat(closed.transport()).isEqualTo(Transport.TCP);
            assertThat(closed.remote().getPort()).isEqualTo(s.getLocalPort());
            assertThat(closed.send(new byte[1], 0, 1)).isFalse();
            assertThat(readUntilEof(s)).isTrue();
            assertThat(listener.counters().get(Transport.TCP, SocketEvent.IDLE_CLOSED)).isEqualTo(1);
        }
    }

    @Test
    void senderCloseClosesTheConnection() throws Exception {
        BlockingQueue<PacketSender> captured = new LinkedBlockingQueue<>();
        listener = TcpListener.open(ANY_LOCAL, (d, o, l, f, t, replyTo) -> captured.add(replyTo),
                TcpListenerConfig.defaults());
        try (Socket s = connect()) {
            s.getOutputStream().write(frame(new byte[] {1}));
            PacketSender connection = captured.poll(5, TimeUnit.SECONDS);

            connection.close(); // from a non-I/O thread

            assertThat(readUntilEof(s)).isTrue();
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void closeReportsConnectionsAndFreesThePort() throws Exception {
        open(TcpListenerConfig.defaults());
        InetSocketAddress bound = listener.localAddress();
        try (Socket s = connect()) {
            s.getOutputStream().write(frame(new byte[] {1}));
            assertThat(nextFrame()).containsExactly(1);

            listener.close();

            assertThat(closedConnections.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(readUntilEof(s)).isTrue();
        }
        listener = TcpListener.open(bound, recordAndEcho, TcpListenerConfig.defaults());
        assertThat(listener.localAddress().getPort()).isEqualTo(bound.getPort());
    }

    /** True if the peer closed the connection (EOF or reset) before the timeout. */
    private static boolean readUntilEof(Socket s) throws IOException {
        try {
            while (s.getInputStream().read() >= 0) {
                // drain whatever was echoed
            }
            return true;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset also means closed
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
