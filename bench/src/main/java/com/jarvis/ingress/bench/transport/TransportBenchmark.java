package com.jarvis.ingress.bench.transport;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.audio.DecodeConfig;
import com.jarvis.ingress.media.audio.EncodedAudioSink;
import com.jarvis.ingress.media.audio.OpusImplementation;
import com.jarvis.ingress.media.dtls.DtlsCertificate;
import com.jarvis.ingress.media.dtls.DtlsConfig;
import com.jarvis.ingress.media.dtls.DtlsEndpoint;
import com.jarvis.ingress.media.dtls.DtlsListener;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.dtls.DtlsSrtpKeys;
import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunIntegrity;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import com.jarvis.ingress.media.net.PacketClassifier;
import com.jarvis.ingress.media.net.PacketHandler;
import com.jarvis.ingress.media.net.PacketKind;
import com.jarvis.ingress.media.net.PacketSender;
import com.jarvis.ingress.media.net.Transport;
import com.jarvis.ingress.media.rtp.HeaderExtensions;
import com.jarvis.ingress.media.srtp.SrtpSession;
import com.jarvis.ingress.media.transport.IceParameters;
import com.jarvis.ingress.media.transport.RtcpParameters;
import com.jarvis.ingress.media.transport.RtpCodecParameters;
import com.jarvis.ingress.media.transport.RtpEncodingParameters;
import com.jarvis.ingress.media.transport.RtpHeaderExtensionParameters;
import com.jarvis.ingress.media.transport.RtpParameters;
import com.jarvis.ingress.media.transport.TransportState;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.media.transport.WebRtcServerConfig;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole receive path of one SRTP Opus packet through {@link WebRtcServer#packetHandler()}, without sockets:
 * first-byte demux, tuple lookup, SRTP unprotect, RTP parse, statistics and the copy into the decode lane on the
 * calling ("I/O") thread, then Opus decode to 16 kHz and the audio sink on the server's decode thread (one,
 * {@code -p decoder=native,java}); each op waits until its packet's frame was delivered, so it measures the whole
 * path including the hand-over. {@code -p decoder=none} gives the producer an {@link EncodedAudioSink} (what the
 * service does with {@code ASR_AUDIO_ENCODING=opus}): nothing is decoded and the op is the I/O thread's receive
 * path alone, ending in the pass-through call. ICE and DTLS are done for real in set-up (a fake tuple whose sender feeds a client
 * DTLS endpoint). ops/s = packets per second of one stream; one stream is 50 packets/s. Packets are protected in batches of
 * {@link #RING} with continuing sequence numbers into reused buffers; the re-protection at each wrap (1 in 4096
 * ops) is included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TransportBenchmark {
    private static final int RING = 4096;
    private static final int OPUS_PACKETS = 50;
    private static final long SSRC = 0x0A0B0C0DL;
    private static final int PT = 111;

    @Param({"native", "java", "none"})
    public String decoder;

    private WebRtcServer server;
    private PacketHandler handler;
    private PacketSender sender;
    private final InetSocketAddress from = new InetSocketAddress("192.0.2.10", 50_000);
    private ExecutorService clientHandshake;
    private DtlsEndpoint client;
    private SrtpSession clientSrtp;
    private byte[][] opus;
    private byte[][] ring;
    private ByteBuffer[] ringBuffers;
    private int[] lengths;
    private byte[] work;
    private int next;
    private int seq;
    private final AtomicLong frames = new AtomicLong();
    private long sent;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // The consent clock stands still: the fake client sends no ICE checks, and a run longer than the 30 s
        // consent timeout must not measure a disconnected transport dropping everything.
        long frozenMillis = System.nanoTime() / 1_000_000;
        server = WebRtcServer.start(WebRtcServerConfig.defaults().withListenIp("127.0.0.1").withPorts(0, 0)
                .withProtocols(true, false),
                new DecodeConfig(OpusImplementation.parse(passThrough() ? "auto" : decoder), 1, 50),
                () -> frozenMillis);
        handler = server.packetHandler();
        WebRtcTransport transport = server.createTransport(null);
        AtomicReference<DtlsEndpoint> clientRef = new AtomicReference<>();
        sender = new PacketSender() {
            @Override
            public boolean send(byte[] data, int off, int len) {
                DtlsEndpoint c = clientRef.get();
                if (c != null && PacketClassifier.kindOf(data, off, len) == PacketKind.DTLS) {
                    c.onPacket(data, off, len);
                }
                return true;
            }

            @Override
            public InetSocketAddress remote() {
                return from;
            }

            @Override
            public Transport transport() {
                return Transport.UDP;
            }

            @Override
            public boolean isOpen() {
                return true;
            }
        };
        IceParameters ice = transport.iceParameters();
        byte[] check = StunMessageBuilder.create(StunClass.REQUEST, StunConstants.METHOD_BINDING, new byte[12], 0)
                .username(ice.usernameFragment() + ":bench").priority(1_853_824_767).iceControlling(1).useCandidate()
                .messageIntegrity(new StunIntegrity(ice.password())).fingerprint().build();
        handler.onPacket(check, 0, check.length, from, Transport.UDP, sender);

        DtlsCertificate clientCert = DtlsCertificate.generate();
        clientHandshake = Executors.newSingleThreadExecutor();
        AtomicReference<DtlsSrtpKeys> keys = new AtomicReference<>();
        client = new DtlsEndpoint(clientCert, DtlsConfig.defaults(), clientHandshake,
                (buf, off, len) -> handler.onPacket(Arrays.copyOfRange(buf, off, off + len), 0, len, from,
                        Transport.UDP, sender),
                new DtlsListener() {
                    @Override
                    public void onSrtpKeys(DtlsSrtpKeys k) {
                        keys.set(k);
                    }
                });
        clientRef.set(client);
        transport.connect(DtlsRole.CLIENT, List.of(clientCert.sha256()));
        client.start(DtlsRole.CLIENT, transport.dtlsParameters().fingerprints());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (transport.state() != TransportState.CONNECTED || keys.get() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transport did not connect: " + transport.state());
            }
            Thread.sleep(5);
        }
        DtlsSrtpKeys k = keys.get();
        clientSrtp = new SrtpSession(k.keyMaterial());

        RtpParameters parameters = new RtpParameters("0",
                List.of(new RtpCodecParameters("audio/opus", PT, 48_000, 2, Map.of("useinbandfec", 1), List.of())),
                List.of(new RtpHeaderExtensionParameters(HeaderExtensions.MID_URI, 4, false, Map.of()),
                        new RtpHeaderExtensionParameters(HeaderExtensions.AUDIO_LEVEL_URI, 1, false, Map.of())),
                List.of(new RtpEncodingParameters(SSRC, false)), new RtcpParameters("bench", true));
        transport.produce("audio", parameters, passThrough() ? new EncodedAudioSink() {
            @Override
            public void onEncoded(byte[] packet, int off, int len, int samples, long rtpTimestamp, int sequence) {
                frames.lazySet(frames.get() + 1); // one writer: the calling thread
            }
        } : (AudioFrame frame) -> frames.incrementAndGet(), null);

        opus = encodeVoiceLikeTone();
        ring = new byte[RING][];
        ringBuffers = new ByteBuffer[RING];
        lengths = new int[RING];
        work = new byte[1500];
        protectRing();
    }

    private boolean passThrough() {
        return "none".equals(decoder);
    }

    private static byte[][] encodeVoiceLikeTone() throws Exception {
        OpusEncoder encoder = new OpusEncoder(48_000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.setBitrate(32_000);
        byte[][] packets = new byte[OPUS_PACKETS][];
        short[] pcm = new short[960];
        byte[] out = new byte[1500];
        int t = 0;
        for (int p = 0; p < OPUS_PACKETS; p++) {
            for (int i = 0; i < pcm.length; i++, t++) {
                double s = Math.sin(2 * Math.PI * 220 * t / 48_000.0) + 0.5 * Math.sin(2 * Math.PI * 660 * t / 48_000.0);
                pcm[i] = (short) (6000 * s);
            }
            packets[p] = Arrays.copyOf(out, encoder.encode(pcm, 0, pcm.length, out, 0, out.length));
        }
        return packets;
    }

    /** Protects the next RING packets with continuing sequence numbers and timestamps. */
    private void protectRing() {
        for (int i = 0; i < RING; i++) {
            byte[] payload = opus[seq % OPUS_PACKETS];
            if (ring[i] == null) {
                ring[i] = new byte[1500];
                ringBuffers[i] = ByteBuffer.wrap(ring[i]);
            }
            ByteBuffer b = ringBuffers[i].clear();
            b.put((byte) 0x90).put((byte) PT).putShort((short) seq).putInt(960 * seq).putInt((int) SSRC)
                    .putShort((short) 0xBEDE).putShort((short) 1)
                    .put((byte) 0x40).put((byte) '0').put((byte) 0x10).put((byte) 0xA0).put(payload);
            int n = clientSrtp.protectRtp(ring[i], 0, 20 + payload.length);
            if (n < 0) {
                throw new IllegalStateException("protect failed: " + n);
            }
            lengths[i] = n;
            seq++;
        }
        next = 0;
    }

    @Benchmark
    public long receiveOnePacket() {
        if (next == RING) {
            protectRing();
        }
        int len = lengths[next];
        System.arraycopy(ring[next], 0, work, 0, len);
        next++;
        handler.onPacket(work, 0, len, from, Transport.UDP, sender);
        sent++;
        while (frames.get() < sent) {
            Thread.onSpinWait();
        }
        return sent;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long drops = server.counters().totalDrops();
        if (drops != 0) {
            throw new IllegalStateException("packets were dropped: " + drops);
        }
        client.close();
        server.close();
        clientHandshake.shutdownNow();
    }
}
