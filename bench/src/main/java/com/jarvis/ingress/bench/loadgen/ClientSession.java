package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.dtls.DtlsCertificate;
import com.jarvis.ingress.media.dtls.DtlsConfig;
import com.jarvis.ingress.media.dtls.DtlsEndpoint;
import com.jarvis.ingress.media.dtls.DtlsListener;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.dtls.DtlsSrtpKeys;
import com.jarvis.ingress.media.dtls.DtlsState;
import com.jarvis.ingress.media.ice.StunMessage;
import com.jarvis.ingress.media.net.PacketClassifier;
import com.jarvis.ingress.media.net.PacketKind;
import com.jarvis.ingress.media.sctp.SctpTimerDriver;
import com.jarvis.ingress.media.srtp.SrtpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One simulated WebRTC client: its own UDP socket, ICE agent, DTLS client and SRTP sender, and with
 * {@link ChunkMode} opus/pcm a data channel ({@link DataChannelClient}) that carries an audio chunk per tick. {@link #connect} runs
 * the signalling and handshakes on the caller's thread (blocking, with time-outs); afterwards the {@link Pacer}
 * sends a 20 ms Opus packet per tick while {@link #streaming} is on, a sender report every 5 s and an ICE consent
 * check every 5 s, and the {@link UdpReactor} delivers the server's packets.
 */
final class ClientSession implements UdpReactor.Receiver, Pacer.Paced, AutoCloseable {
    static final long REPORT_INTERVAL_MILLIS = 5_000;
    static final long CONSENT_INTERVAL_MILLIS = 5_000;
    private static final int ICE_ATTEMPTS = 40;
    private static final long ICE_RETRANSMIT_MILLIS = 250;
    private static final long DTLS_TIMEOUT_MILLIS = 30_000;

    /** Shared by all clients. */
    record Shared(DtlsCertificate certificate, DtlsConfig dtlsConfig, ExecutorService handshakes, UdpReactor reactor,
            Pacer pacer, OpusClip clip, ChunkMode chunks, boolean rtp, SctpTimerDriver sctpTimers) {
    }

    /**
     * Times of the connect, in milliseconds; -1 for a step not reached. {@code connectMillis}: the transport/connect
     * request's round trip; {@code produceMillis}: producer/create's; {@code dataChannelMillis}: SCTP association
     * and DCEP OPEN sent, after DTLS.
     */
    record ConnectTimes(long createMillis, long iceMillis, long connectedMillis, long handshakeMillis,
            long connectMillis, long produceMillis, long dataChannelMillis) {
    }

    private final int index;
    private final Shared shared;
    private final DatagramChannel channel;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final CompletableFuture<Boolean> iceDone = new CompletableFuture<>();
    private final CompletableFuture<DtlsState> dtlsDone = new CompletableFuture<>();
    private volatile IceClient ice;
    private volatile DtlsEndpoint dtls;
    private volatile SrtpSession srtp;
    private volatile RtpSender sender;
    private volatile boolean streaming;
    private volatile boolean closed;
    private long clipPosition;
    private long nextReportMillis;
    private long nextConsentMillis;
    private volatile long sendErrors;
    private volatile long rtcpReceived;
    private volatile ConnectTimes times = new ConnectTimes(-1, -1, -1, -1, -1, -1, -1);
    private volatile DataChannelClient data;
    private long chunkPosition;

    ClientSession(int index, Shared shared) throws IOException {
        this.index = index;
        this.shared = shared;
        this.channel = DatagramChannel.open();
    }

    /**
     * transport/create, ICE check (nominating) while transport/connect is sent, DTLS handshake as client, then
     * producer/create; starts streaming on the pacer. Throws with the failed step in the message.
     */
    void connect(Signalling.Handle signalling) throws Exception {
        long t0 = System.nanoTime();
        ServerTransport transport = signalling.createTransport();
        long created = System.nanoTime();
        InetSocketAddress server = transport.udpAddress();
        channel.bind(new InetSocketAddress(server.getAddress(), 0));
        channel.connect(server);
        shared.reactor().register(channel, this);
        ice = new IceClient(transport.iceParameters());
        send(ice.bindingRequest());
        long connectStart = System.nanoTime();
        signalling.connect(List.of(shared.certificate().sha256()));
        long connectDone = System.nanoTime();
        awaitIce();
        long iceDoneAt = System.nanoTime();
        DtlsEndpoint endpoint = new DtlsEndpoint(shared.certificate(), shared.dtlsConfig(), shared.handshakes(),
                this::send, new DtlsListener() {
                    @Override
                    public void onSrtpKeys(DtlsSrtpKeys keys) {
                        srtp = new SrtpSession(keys.keyMaterial());
                    }

                    @Override
                    public void onApplicationData(byte[] buf, int off, int len) {
                        DataChannelClient d = data;
                        if (d != null) {
                            d.onPacket(buf, off, len);
                        }
                    }

                    @Override
                    public void onStateChanged(DtlsState state) {
                        if (state == DtlsState.CONNECTED || state.isTerminal()) {
                            dtlsDone.complete(state);
                        }
                    }
                });
        dtls = endpoint;
        endpoint.start(DtlsRole.CLIENT, transport.dtlsParameters().fingerprints());
        DtlsState state;
        try {
            state = dtlsDone.get(DTLS_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("DTLS: no result in " + DTLS_TIMEOUT_MILLIS + " ms");
        }
        if (state != DtlsState.CONNECTED) {
            throw new IOException("DTLS " + state + ": " + endpoint.failureReason());
        }
        long connected = System.nanoTime();
        sender = new RtpSender(srtp, ssrc, ThreadLocalRandom.current().nextInt(), ThreadLocalRandom.current().nextInt());
        long produceStart = System.nanoTime();
        if (shared.rtp()) {
            signalling.produce(ChromeAudio.rtpParameters(ssrc, "loadgen" + index));
        }
        long produced = System.nanoTime();
        long dataMillis = -1;
        if (shared.chunks() != ChunkMode.OFF) {
            DataChannelClient d = new DataChannelClient(shared.sctpTimers(), endpoint::send);
            data = d;
            d.open();
            dataMillis = millis(System.nanoTime() - produced);
        }
        times = new ConnectTimes(millis(created - t0), millis(iceDoneAt - created), millis(connected - t0),
                endpoint.handshakeMillis(), millis(connectDone - connectStart),
                shared.rtp() ? millis(produced - produceStart) : -1, dataMillis);
        long now = System.currentTimeMillis();
        nextReportMillis = now + ThreadLocalRandom.current().nextLong(REPORT_INTERVAL_MILLIS);
        nextConsentMillis = now + ThreadLocalRandom.current().nextLong(CONSENT_INTERVAL_MILLIS);
        clipPosition = ThreadLocalRandom.current().nextInt(shared.clip().size());
        chunkPosition = ThreadLocalRandom.current().nextInt(shared.clip().size());
        streaming = true;
        shared.pacer().add(this);
    }

    private void awaitIce() throws Exception {
        for (int attempt = 0; attempt < ICE_ATTEMPTS; attempt++) {
            try {
                iceDone.get(ICE_RETRANSMIT_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                send(ice.bindingRequest());
            }
        }
        throw new IOException("ICE: no response to " + ICE_ATTEMPTS + " binding requests");
    }

    /** Starts or stops sending RTP (consent checks go on either way). */
    void streaming(boolean on) {
        streaming = on;
    }

    @Override
    public boolean tick(long nowMillis, byte[] scratch) {
        if (closed) {
            return false;
        }
        try {
            if (streaming) {
                DataChannelClient d = data;
                if (d != null) {
                    d.send(shared.chunks().chunk(shared.clip(), chunkPosition++));
                }
            }
            if (streaming && shared.rtp()) {
                int n = sender.writeRtp(scratch, shared.clip().packet(clipPosition++));
                if (n > 0) {
                    send(scratch, 0, n);
                }
                if (nowMillis >= nextReportMillis) {
                    nextReportMillis += REPORT_INTERVAL_MILLIS;
                    int m = sender.writeSenderReport(scratch, nowMillis);
                    if (m > 0) {
                        send(scratch, 0, m);
                    }
                }
            }
            if (nowMillis >= nextConsentMillis) {
                nextConsentMillis += CONSENT_INTERVAL_MILLIS;
                send(ice.bindingRequest());
            }
        } catch (RuntimeException e) {
            sendErrors++;
        }
        return true;
    }

    @Override
    public void onDatagram(byte[] buf, int len) {
        PacketKind kind = PacketClassifier.kindOf(buf, 0, len);
        if (kind == PacketKind.STUN) {
            StunMessage m = StunMessage.parse(buf, 0, len);
            IceClient i = ice;
            if (m != null && i != null && i.onResponse(m)) {
                iceDone.complete(true);
            }
        } else if (kind == PacketKind.DTLS) {
            DtlsEndpoint d = dtls;
            if (d != null) {
                d.onPacket(buf, 0, len);
            }
        } else if (kind == PacketKind.RTP_RTCP) {
            rtcpReceived++; // the server's receiver reports; counted, not decrypted
        }
    }

    private void send(byte[] packet) {
        send(packet, 0, packet.length);
    }

    private void send(byte[] buf, int off, int len) {
        try {
            if (channel.write(ByteBuffer.wrap(buf, off, len)) == 0) {
                sendErrors++; // socket buffer full
            }
        } catch (IOException e) {
            if (!closed) {
                sendErrors++;
            }
        }
    }

    int index() {
        return index;
    }

    ConnectTimes times() {
        return times;
    }

    long packetsSent() {
        RtpSender s = sender;
        return s == null ? 0 : s.packetsSent();
    }

    long sendErrors() {
        return sendErrors;
    }

    long chunksSent() {
        DataChannelClient d = data;
        return d == null ? 0 : d.sent();
    }

    long chunkSendFailures() {
        DataChannelClient d = data;
        return d == null ? 0 : d.sendFailures();
    }

    long rtcpReceived() {
        return rtcpReceived;
    }

    long iceResponses() {
        IceClient i = ice;
        return i == null ? 0 : i.responses();
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close(); // first: like a client that goes away, no close_notify racing the server's close
        } catch (IOException ignored) {
            // closing
        }
        DataChannelClient dc = data;
        if (dc != null) {
            dc.close();
        }
        DtlsEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
