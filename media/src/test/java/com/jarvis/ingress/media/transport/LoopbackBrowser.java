package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.dtls.DtlsCertificate;
import com.jarvis.ingress.media.dtls.DtlsConfig;
import com.jarvis.ingress.media.dtls.DtlsEndpoint;
import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.dtls.DtlsListener;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.dtls.DtlsSrtpKeys;
import com.jarvis.ingress.media.dtls.DtlsState;
import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunIntegrity;
import com.jarvis.ingress.media.ice.StunMessage;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import com.jarvis.ingress.media.net.PacketClassifier;
import com.jarvis.ingress.media.net.PacketKind;
import com.jarvis.ingress.media.rtp.RtcpCompoundParser;
import com.jarvis.ingress.media.rtp.RtcpPacket;
import com.jarvis.ingress.media.srtp.SrtpSession;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A browser stand-in built from our own pieces: ICE controlling agent (STUN checks with USE-CANDIDATE), DTLS
 * client, SRTP sender of Opus RTP with Chrome's header extension ids (audio-level 1, mid 4), SRTCP SR sender and
 * receiver of the server's receiver reports. Over UDP or TCP (RFC 4571 framing); a UDP client can move to a new
 * TCP connection mid-session ({@link #switchToTcp}), as a browser does when it changes candidate pair.
 */
final class LoopbackBrowser implements AutoCloseable {
    static final int PT = 111;
    static final int AUDIO_LEVEL_ID = 1;
    static final int MID_ID = 4;

    private final DatagramChannel udp;
    private volatile SocketChannel tcp;
    private final InetSocketAddress server;
    private final Thread reader;
    private volatile Thread tcpReader;
    private final ExecutorService handshake = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "browser-dtls");
        t.setDaemon(true);
        return t;
    });
    private final Object sendLock = new Object();
    final String ufrag = "browser" + Long.toHexString(new SecureRandom().nextLong());
    final DtlsCertificate certificate = DtlsCertificate.generate();
    final BlockingQueue<StunMessage> stunResponses = new LinkedBlockingQueue<>();
    final List<RtcpPacket> receivedRtcp = new CopyOnWriteArrayList<>();
    final CountDownLatch dtlsDone = new CountDownLatch(1);
    volatile DtlsState dtlsState = DtlsState.NEW;
    volatile int rtcpAuthFailures;
    private volatile DtlsEndpoint dtls;
    /** Where decrypted DTLS application data (SCTP) goes, if anywhere. */
    volatile AppData appData;

    interface AppData {
        void onPacket(byte[] buf, int off, int len);
    }
    private volatile SrtpSession srtp;
    private volatile boolean closed;

    private LoopbackBrowser(DatagramChannel udp, SocketChannel tcp, InetSocketAddress server) {
        this.udp = udp;
        this.tcp = tcp;
        this.server = server;
        this.reader = new Thread(udp != null ? this::readUdp : this::readTcp, "browser-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static LoopbackBrowser udp(int serverPort) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        return new LoopbackBrowser(ch, null, new InetSocketAddress("127.0.0.1", serverPort));
    }

    /** A UDP client on the loopback address of {@code server}'s family (127.0.0.1 or ::1). */
    static LoopbackBrowser udp(InetSocketAddress server) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(server.getAddress() instanceof java.net.Inet6Address ? "::1" : "127.0.0.1", 0));
        return new LoopbackBrowser(ch, null, server);
    }

    static LoopbackBrowser tcp(InetSocketAddress server) throws IOException {
        return new LoopbackBrowser(null, SocketChannel.open(server), server);
    }

    static LoopbackBrowser tcp(int serverPort) throws IOException {
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", serverPort);
        SocketChannel ch = SocketChannel.open(to);
        return new LoopbackBrowser(null, ch, to);
    }

    InetSocketAddress localAddress() throws IOException {
        SocketChannel t = tcp;
        return (InetSocketAddress) (t == null ? udp.getLocalAddress() : t.getLocalAddress());
    }

    /**
     * From now on everything (checks, DTLS, SRTP) goes over a new TCP connection to {@code tcpPort} of the server's
     * address: a second candidate pair of the same session. Answers on either path are still read.
     */
    void switchToTcp(int tcpPort) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(server.getAddress(), tcpPort));
        synchronized (sendLock) {
            tcp = ch;
        }
        Thread t = new Thread(this::readTcp, "browser-reader-tcp");
        t.setDaemon(true);
        tcpReader = t;
        t.start();
    }

    void send(byte[] data, int off, int len) {
        try {
            synchronized (sendLock) {
                SocketChannel t = tcp;
                if (t == null) {
                    udp.send(ByteBuffer.wrap(data, off, len), server);
                } else {
                    ByteBuffer b = ByteBuffer.allocate(len + 2);
                    b.put((byte) (len >>> 8)).put((byte) len).put(data, off, len).flip();
                    while (b.hasRemaining()) {
                        t.write(b);
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                throw new IllegalStateException(e);
            }
        }
    }

    void send(byte[] data) {
        send(data, 0, data.length);
    }

    // ---- ICE ----

    byte[] bindingRequest(IceParameters serverIce, String password, boolean useCandidate) {
        byte[] tx = new byte[12];
        new SecureRandom().nextBytes(tx);
        StunMessageBuilder b = StunMessageBuilder.create(StunClass.REQUEST, StunConstants.METHOD_BINDING, tx, 0)
                .username(serverIce.usernameFragment() + ":" + ufrag)
                .priority(1_853_824_767)
                .iceControlling(0x1234_5678_9abcL);
        if (useCandidate) {
            b.useCandidate();
        }
        return b.messageIntegrity(new StunIntegrity(password)).fingerprint().build();
    }

    /** Sends a valid nominating check and waits for its response. */
    StunMessage check(IceParameters serverIce) throws InterruptedException {
        send(bindingRequest(serverIce, serverIce.password(), true));
        return stunResponses.poll(5, TimeUnit.SECONDS);
    }

    // ---- DTLS ----

    /** DTLS client towards the server's signalled fingerprints. */
    void startDtls(DtlsParameters serverDtls) {
        startDtls(serverDtls, this::send);
    }

    /** A stalling peer: sends its ClientHello, then nothing (the server's answer is never answered). */
    void startDtlsThenGoSilent(DtlsParameters serverDtls) {
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        startDtls(serverDtls, (buf, off, len) -> {
            if (first.getAndSet(false)) {
                send(buf, off, len);
            }
        });
    }

    private void startDtls(DtlsParameters serverDtls, com.jarvis.ingress.media.dtls.DtlsPacketSender sender) {
        dtls = new DtlsEndpoint(certificate, DtlsConfig.defaults(), handshake, sender, new DtlsListener() {
            @Override
            public void onSrtpKeys(DtlsSrtpKeys keys) {
                srtp = new SrtpSession(keys.keyMaterial());
            }

            @Override
            public void onApplicationData(byte[] buf, int off, int len) {
                AppData a = appData;
                if (a != null) {
                    a.onPacket(buf, off, len);
                }
            }

            @Override
            public void onStateChanged(DtlsState state) {
                dtlsState = state;
                if (state.isTerminal() || state == DtlsState.CONNECTED) {
                    dtlsDone.countDown();
                }
            }
        });
        dtls.start(DtlsRole.CLIENT, serverDtls.fingerprints());
    }

    boolean awaitDtls() throws InterruptedException {
        return dtlsDone.await(10, TimeUnit.SECONDS) && dtlsState == DtlsState.CONNECTED;
    }

    List<DtlsFingerprint> fingerprints() {
        return List.of(certificate.sha256());
    }

    DtlsEndpoint dtls() {
        return dtls;
    }

    SrtpSession srtp() {
        return srtp;
    }

    // ---- media ----

    /** SRTP-protects and sends one Opus RTP packet with mid and audio-level extensions. */
    void sendRtp(int seq, long timestamp, long ssrc, byte[] opus, int audioLevelDbov) {
        byte[] packet = rtp(seq, timestamp, ssrc, opus, audioLevelDbov);
        byte[] buf = Arrays.copyOf(packet, packet.length + 16);
        int n = srtp.protectRtp(buf, 0, packet.length);
        if (n < 0) {
            throw new IllegalStateException("protect failed " + n);
        }
        send(buf, 0, n);
    }

    static byte[] rtp(int seq, long timestamp, long ssrc, byte[] opus, int audioLevelDbov) {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + opus.length);
        b.put((byte) 0x90).put((byte) PT).putShort((short) seq).putInt((int) timestamp).putInt((int) ssrc);
        b.putShort((short) 0xBEDE).putShort((short) 1);
        b.put((byte) (MID_ID << 4)).put((byte) '0');
        b.put((byte) (AUDIO_LEVEL_ID << 4)).put((byte) (0x80 | audioLevelDbov));
        b.put(opus);
        return b.array();
    }

    /** SRTCP sender report. */
    void sendSenderReport(long ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
        ByteBuffer b = ByteBuffer.allocate(28 + 64);
        b.put((byte) 0x80).put((byte) 200).putShort((short) 6).putInt((int) ssrc).putLong(ntp)
                .putInt((int) rtpTimestamp).putInt((int) packets).putInt((int) octets);
        byte[] buf = b.array();
        int n = srtp.protectRtcp(buf, 0, 28);
        send(buf, 0, n);
    }

    List<RtcpPacket.ReceiverReport> receiverReports() {
        List<RtcpPacket.ReceiverReport> out = new ArrayList<>();
        for (RtcpPacket p : receivedRtcp) {
            if (p instanceof RtcpPacket.ReceiverReport rr) {
                out.add(rr);
            }
        }
        return out;
    }

    /** 20 ms Opus packets (48 kHz mono, 32 kbit/s) of a sine tone. */
    static List<byte[]> opusTone(double hz, int packets) {
        try {
            OpusEncoder encoder = new OpusEncoder(48_000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            encoder.setBitrate(32_000);
            encoder.setUseInbandFEC(true);
            encoder.setPacketLossPercent(10);
            short[] frame = new short[960];
            byte[] out = new byte[1500];
            List<byte[]> result = new ArrayList<>();
            int t = 0;
            for (int p = 0; p < packets; p++) {
                for (int i = 0; i < frame.length; i++, t++) {
                    frame[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * t / 48_000.0));
                }
                int n = encoder.encode(frame, 0, frame.length, out, 0, out.length);
                result.add(Arrays.copyOf(out, n));
            }
            return result;
        } catch (OpusException e) {
            throw new AssertionError(e);
        }
    }

    // ---- receive ----

    private void readUdp() {
        ByteBuffer b = ByteBuffer.allocate(65_536);
        while (!closed) {
            try {
                b.clear();
                udp.receive(b);
                dispatch(b.array(), b.position());
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    private void readTcp() {
        ByteBuffer head = ByteBuffer.allocate(2);
        while (!closed) {
            try {
                head.clear();
                if (!fill(head)) {
                    return;
                }
                int len = ((head.get(0) & 0xff) << 8) | (head.get(1) & 0xff);
                ByteBuffer body = ByteBuffer.allocate(len);
                if (!fill(body)) {
                    return;
                }
                dispatch(body.array(), len);
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    private boolean fill(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (tcp.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    private void dispatch(byte[] buf, int len) {
        PacketKind kind = PacketClassifier.kindOf(buf, 0, len);
        if (kind == PacketKind.STUN) {
            StunMessage m = StunMessage.parse(Arrays.copyOf(buf, len), 0, len);
            if (m != null) {
                stunResponses.add(m);
            }
        } else if (kind == PacketKind.DTLS) {
            DtlsEndpoint d = dtls;
            if (d != null) {
                d.onPacket(buf, 0, len);
            }
        } else if (kind == PacketKind.RTP_RTCP && PacketClassifier.isRtcp(buf, 0, len)) {
            SrtpSession s = srtp;
            if (s == null) {
                return;
            }
            int n = s.unprotectRtcp(buf, 0, len);
            if (n < 0) {
                rtcpAuthFailures++;
                return;
            }
            List<RtcpPacket> packets = RtcpCompoundParser.parse(buf, 0, n);
            if (packets != null) {
                receivedRtcp.addAll(packets);
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        DtlsEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        handshake.shutdownNow();
        try {
            reader.join(2000);
            Thread t = tcpReader;
            if (t != null) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
