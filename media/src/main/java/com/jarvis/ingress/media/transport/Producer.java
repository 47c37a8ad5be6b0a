package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.audio.AudioSink;
import com.jarvis.ingress.media.audio.EncodedAudioSink;
import com.jarvis.ingress.media.audio.OpusPackets;
import com.jarvis.ingress.media.audio.OpusAudioDecoder;
import com.jarvis.ingress.media.rtp.HeaderExtensions;
import com.jarvis.ingress.media.rtp.ReceiveStreamStats;
import com.jarvis.ingress.media.rtp.ReceiverReportWriter;
import com.jarvis.ingress.media.rtp.RtpPacket;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One audio stream a client sends on a {@link WebRtcTransport}: accepts the RTP packets whose payload type is the
 * client's Opus payload type and whose SSRC is the signalled one (or, without one, the first SSRC seen with that
 * payload type), keeps RFC 3550 receive statistics, decodes Opus to 16 kHz mono and hands frames to the
 * {@link AudioSink}. Lost packets are recovered with Opus in-band FEC when exactly one is missing, else concealed
 * (at most {@link #MAX_CONCEALED_PACKETS} per gap). Given an {@link EncodedAudioSink} it decodes nothing and passes
 * the in-order Opus payloads through instead.
 *
 * <p>Packet work runs on the I/O thread under the transport's media lock; the getters take that lock too.
 */
public final class Producer {
    /** Concealment per gap is capped: after a long outage, silence is better than 200 ms of made-up audio. */
    public static final int MAX_CONCEALED_PACKETS = 10;
    /** A forward jump this large means the sender restarted its sequence: start over instead of concealing. */
    private static final int RESTART_JUMP = 1000;
    private static final int DEFAULT_PACKET_SAMPLES = AudioFrame.SAMPLE_RATE / 50;

    private final String id = UUID.randomUUID().toString();
    private final WebRtcTransport transport;
    private final Object lock;
    private final RtpParameters rtpParameters;
    private final int payloadType;
    private final int audioLevelId;
    private final AudioSink sink;
    /** Non-null when the sink takes Opus undecoded: then nothing is decoded. */
    private final EncodedAudioSink passThrough;
    private final ProducerListener listener;
    private final MediaCounters counters;
    private final OpusAudioDecoder decoder = new OpusAudioDecoder();
    private final ReceiverReportWriter reportWriter;
    private volatile boolean closed;

    // Guarded by lock.
    private long ssrc;
    private ReceiveStreamStats stats;
    private boolean haveSeq;
    private int lastSeq;
    private long lastTimestamp;
    private int packetSamples = DEFAULT_PACKET_SAMPLES;
    private long packetsSinceReport;
    private long acceptedPackets;
    private long acceptedBytes;
    private long passedThroughSamples;

    Producer(WebRtcTransport transport, Object lock, RtpParameters rtpParameters, RtpCodecParameters codec,
            AudioSink sink, ProducerListener listener, MediaCounters counters, long reporterSsrc) {
        this.transport = transport;
        this.lock = lock;
        this.rtpParameters = rtpParameters;
        this.payloadType = codec.payloadType();
        this.audioLevelId = rtpParameters.extensionId(HeaderExtensions.AUDIO_LEVEL_URI);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.passThrough = sink instanceof EncodedAudioSink e ? e : null;
        this.listener = listener == null ? ProducerListener.NONE : listener;
        this.counters = counters;
        Long signalled = rtpParameters.encodings().get(0).ssrc();
        this.ssrc = signalled == null ? -1 : signalled;
        if (ssrc >= 0) {
            stats = new ReceiveStreamStats(ssrc, Router.OPUS_CLOCK_RATE);
        }
        RtcpParameters rtcp = rtpParameters.rtcp();
        boolean reduced = rtcp != null && Boolean.TRUE.equals(rtcp.reducedSize());
        this.reportWriter = new ReceiverReportWriter(reporterSsrc, "jarvis-ingress", reduced);
    }

    public String id() {
        return id;
    }

    public String kind() {
        return "audio";
    }

    public RtpParameters rtpParameters() {
        return rtpParameters;
    }

    /** The client's Opus payload type this producer accepts. */
    public int payloadType() {
        return payloadType;
    }

    /** The stream's SSRC, or -1 while latching onto the first one. */
    public long ssrc() {
        synchronized (lock) {
            return ssrc;
        }
    }

    /** What this producer received so far. */
    public TransportStats stats() {
        synchronized (lock) {
            if (stats == null) {
                return TransportStats.EMPTY;
            }
            int level = stats.lastAudioLevel();
            return new TransportStats(acceptedPackets, acceptedBytes, Math.max(0, stats.cumulativeLost()),
                    stats.jitter() / (double) Router.OPUS_CLOCK_RATE,
                    (decoder.decodedSamples() + passedThroughSamples) / (double) AudioFrame.SAMPLE_RATE, level < 0 ? -1 : level & 0x7f);
        }
    }

    /** Opus packets that could not be decoded. */
    public long decodeErrors() {
        return decoder.errors();
    }

    /** Samples synthesised by FEC or concealment (16 kHz). */
    public long concealedSamples() {
        return decoder.concealedSamples();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops receiving; the transport accepts a new {@code produce} afterwards. Idempotent. */
    public void close() {
        if (!closed) {
            closed = true;
            transport.producerClosed(this);
        }
    }

    /** I/O thread, lock held: one decrypted RTP packet. Returns the drop reason, or null when accepted. */
    DropReason onRtp(RtpPacket p, long nowNanos) {
        if (closed || p.payloadType() != payloadType) {
            return DropReason.RTP_UNKNOWN_STREAM;
        }
        if (ssrc < 0) {
            ssrc = p.ssrc(); // latch: no SSRC was signalled
            stats = new ReceiveStreamStats(ssrc, Router.OPUS_CLOCK_RATE);
        } else if (p.ssrc() != ssrc) {
            return DropReason.RTP_UNKNOWN_STREAM;
        }
        int payloadLength = p.payloadLength();
        stats.onRtp(p.sequenceNumber(), p.timestamp(), nowNanos, payloadLength);
        if (audioLevelId > 0) {
            int level = p.audioLevel(audioLevelId);
            if (level >= 0) {
                stats.onAudioLevel(level);
            }
        }
        acceptedPackets++;
        acceptedBytes += payloadLength;
        packetsSinceReport++;
        counters.rtp(payloadLength);
        listener.onRtpPacket(payloadLength);

        int seq = p.sequenceNumber();
        if (passThrough != null && !passThrough.alsoDecode()) {
            return passThrough(p, seq, payloadLength);
        }
        if (haveSeq) {
            int delta = (short) (seq - lastSeq);
            if (delta <= 0) {
                return DropReason.RTP_LATE;
            }
            if (delta >= RESTART_JUMP) {
                decoder.reset();
            } else if (delta > 1) {
                recoverGap(p, delta - 1);
            }
        }
        haveSeq = true;
        lastSeq = seq;
        lastTimestamp = p.timestamp();
        if (passThrough != null) {
            handOnEncoded(p, seq, payloadLength);
        }
        if (payloadLength > 0) {
            int n = decoder.decode(p.buffer(), p.payloadOffset(), payloadLength);
            if (n > 0) {
                packetSamples = n;
                sink.onAudio(new AudioFrame(decoder.pcm(), n, p.timestamp(), seq, false));
            }
        }
        return null;
    }

    /** Pass-through: in-order payloads go to the sink as they are; late or repeated ones are dropped. */
    private DropReason passThrough(RtpPacket p, int seq, int payloadLength) {
        if (haveSeq && (short) (seq - lastSeq) <= 0 && (short) (seq - lastSeq) > -RESTART_JUMP) {
            return DropReason.RTP_LATE;
        }
        haveSeq = true;
        lastSeq = seq;
        lastTimestamp = p.timestamp();
        handOnEncoded(p, seq, payloadLength);
        return null;
    }

    private void handOnEncoded(RtpPacket p, int seq, int payloadLength) {
        if (payloadLength > 0) {
            int samples = OpusPackets.samples16k(p.buffer(), p.payloadOffset(), payloadLength);
            if (!passThrough.alsoDecode()) {
                passedThroughSamples += samples;
            }
            passThrough.onEncoded(p.buffer(), p.payloadOffset(), payloadLength, samples, p.timestamp(), seq);
        }
    }

    /** FEC from this packet when one packet is missing, else bounded concealment. */
    private void recoverGap(RtpPacket p, int lost) {
        long ts = lastTimestamp;
        if (lost == 1) {
            int n = decoder.decodeFec(p.buffer(), p.payloadOffset(), p.payloadLength(), packetSamples);
            if (n > 0) {
                sink.onAudio(new AudioFrame(decoder.pcm(), n, (ts + 3L * packetSamples) & 0xffffffffL,
                        (lastSeq + 1) & 0xffff, true));
            }
            return;
        }
        int remaining = Math.min(lost, MAX_CONCEALED_PACKETS) * packetSamples;
        int seq = lastSeq;
        while (remaining > 0) {
            int n = decoder.decodeLost(Math.min(remaining, OpusAudioDecoder.MAX_SAMPLES));
            if (n <= 0) {
                break;
            }
            remaining -= n;
            seq = (seq + 1) & 0xffff;
            ts = (ts + 3L * n) & 0xffffffffL;
            sink.onAudio(new AudioFrame(decoder.pcm(), n, ts, seq, true));
        }
    }

    /** Lock held: a sender report of the stream. */
    void onSenderReport(long senderSsrc, long ntpTimestamp, long nowNanos) {
        if (stats != null && senderSsrc == ssrc) {
            stats.onSenderReport(ntpTimestamp, nowNanos);
        }
    }

    /**
     * Lock held, timer thread: writes a receiver report into {@code buf} when packets arrived since the last one.
     *
     * @return bytes written, or 0 when there is nothing to report
     */
    int writeReceiverReport(byte[] buf, int off, long nowNanos) {
        if (closed || stats == null || packetsSinceReport == 0) {
            return 0;
        }
        packetsSinceReport = 0;
        return Math.max(0, reportWriter.write(buf, off, List.of(stats), nowNanos));
    }
}
